"""The SSRF-safe fetch: what it refuses, each with its code, and what it follows."""

import ipaddress

import pytest

from subgraphs.kit import AppError
from subgraphs.postings.fetch import AddressPolicy, Fetcher
from subgraphs.postings.settings import PostingsSettings
from tests.postings.site import serving


def fetcher(**settings: object) -> Fetcher:
    values = {"POSTINGS_ALLOW_LOOPBACK": True, "POSTINGS_TIMEOUT_SECONDS": 1.5} | settings
    return Fetcher(PostingsSettings(**values))  # type: ignore[arg-type]


async def refused_code(fetch: Fetcher, url: str) -> str:
    with pytest.raises(AppError) as refused:
        await fetch.get(url)
    assert refused.value.extensions["field"] == "url"
    return refused.value.code.value


async def test_fetches_a_page_on_allowed_loopback(site: str) -> None:
    page = await fetcher().get(f"{site}/greenhouse")
    assert "JobPosting" in page.text
    assert page.content_type.startswith("text/html")


async def test_follows_redirects_and_reports_the_final_url(site: str) -> None:
    page = await fetcher().get(f"{site}/redirect?to=/lever")
    assert page.url == f"{site}/lever"
    assert "Acme Robotics" in page.text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/job",
        "gopher://127.0.0.1:25/",
        "http://user:secret@example.com/",
        "http:///nohost",
    ],
)
async def test_only_plain_http_and_https(url: str) -> None:
    assert await refused_code(fetcher(), url) == "URL_NOT_ALLOWED"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.8/",
        "http://192.168.1.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:10.0.0.1]/",  # IPv4-mapped
        "http://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
    ],
)
async def test_private_and_special_addresses_are_refused_even_with_loopback_allowed(
    url: str,
) -> None:
    assert await refused_code(fetcher(), url) == "URL_NOT_ALLOWED"


async def test_loopback_refused_unless_allowed(site: str) -> None:
    strict = fetcher(POSTINGS_ALLOW_LOOPBACK=False)
    assert await refused_code(strict, f"{site}/greenhouse") == "URL_NOT_ALLOWED"
    assert await refused_code(strict, "http://localhost:9/") == "URL_NOT_ALLOWED"  # by name
    assert await refused_code(strict, "http://[::1]:9/") == "URL_NOT_ALLOWED"


async def test_a_redirect_to_loopback_is_refused_when_loopback_is_not_allowed(site: str) -> None:
    """The first hop is allowed (an allowed network); its redirect to 127.0.0.1 is checked too."""
    with serving("127.0.0.2") as other:
        strict = fetcher(POSTINGS_ALLOW_LOOPBACK=False, POSTINGS_ALLOWED_NETWORKS="127.0.0.2/32")
        assert "Northwind" in (await strict.get(f"{other}/greenhouse")).text
        target = f"{site}/greenhouse"  # 127.0.0.1
        assert await refused_code(strict, f"{other}/redirect?to={target}") == "URL_NOT_ALLOWED"
        metadata = "http://169.254.169.254/"
        assert await refused_code(strict, f"{other}/redirect?to={metadata}") == "URL_NOT_ALLOWED"


async def test_too_many_redirects(site: str) -> None:
    assert await refused_code(fetcher(), f"{site}/loop") == "FETCH_FAILED"


async def test_oversize_pages_are_cut_off(site: str) -> None:
    small = fetcher(POSTINGS_MAX_BYTES=256 * 1024)
    assert await refused_code(small, f"{site}/big") == "FETCH_TOO_LARGE"
    assert await refused_code(small, f"{site}/big-declared") == "FETCH_TOO_LARGE"


async def test_slow_pages_time_out(site: str) -> None:
    assert (
        await refused_code(fetcher(POSTINGS_TIMEOUT_SECONDS=0.5), f"{site}/slow") == "FETCH_TIMEOUT"
    )


async def test_errors_and_unknown_hosts(site: str) -> None:
    assert await refused_code(fetcher(), f"{site}/missing") == "FETCH_FAILED"
    assert await refused_code(fetcher(), "http://no-such-host.invalid/") == "FETCH_FAILED"


def test_policy() -> None:
    policy = AddressPolicy()
    assert policy.permits(ipaddress.ip_address("93.184.215.14"))
    assert policy.permits(ipaddress.ip_address("2606:4700::1111"))
    assert not policy.permits(ipaddress.ip_address("127.0.0.1"))
    assert not policy.permits(ipaddress.ip_address("::"))

"""S3 (AWS, MinIO, or moto_server in tests) through aioboto3: presigned POST uploads, presigned
GET downloads. Its POST policy holds the key, the content type and the exact size; S3 refuses
anything else (moto does not enforce policies, which is one reason `completeUpload` checks
size and content again whatever the backend)."""

import asyncio
import base64
import hashlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import IO, Any

import aioboto3  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import ClientError  # type: ignore[import-untyped]

from subgraphs.files.storage.base import ObjectStorage, UploadForm, check_key, content_disposition

CHUNK = 64 * 1024
_MISSING = {"404", "NoSuchKey", "NotFound", "NoSuchBucket"}


def _missing(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code")) in _MISSING


class S3Storage(ObjectStorage):
    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        public_endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> None:
        self.bucket = bucket
        self.region = region
        self._endpoints = (endpoint_url, public_endpoint_url or endpoint_url)
        self._session = aioboto3.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
        )
        # MinIO and moto on a host name: path-style URLs (bucket.host would not resolve).
        addressing = "path" if endpoint_url else "auto"
        self._config = Config(signature_version="s3v4", s3={"addressing_style": addressing})
        self._stack: AsyncExitStack | None = None
        self._clients: tuple[Any, Any] | None = None
        self._lock = asyncio.Lock()

    async def _client(self, *, public: bool = False) -> Any:
        """The S3 client (made on first use, in the loop that uses it); `public`: the one that
        presigns URLs for clients, at S3_PUBLIC_ENDPOINT_URL when that is set."""
        if self._clients is None:
            async with self._lock:
                if self._clients is None:
                    stack = AsyncExitStack()
                    inner, outer = self._endpoints
                    made = [
                        await stack.enter_async_context(
                            self._session.client("s3", endpoint_url=url, config=self._config)
                        )
                        for url in dict.fromkeys((inner, outer))
                    ]
                    self._stack, self._clients = stack, (made[0], made[-1])
        return self._clients[1 if public else 0]

    async def migrate(self) -> None:
        client = await self._client()
        try:
            await client.head_bucket(Bucket=self.bucket)
        except ClientError as error:
            if not _missing(error):
                raise
            where = {} if self.region == "us-east-1" else {"LocationConstraint": self.region}
            options = {"CreateBucketConfiguration": where} if where else {}
            await client.create_bucket(Bucket=self.bucket, **options)

    async def ping(self) -> None:
        await (await self._client()).head_bucket(Bucket=self.bucket)

    async def dispose(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
        self._stack, self._clients = None, None

    async def upload_form(
        self, key: str, *, content_type: str, size: int, expires_in: int
    ) -> UploadForm:
        client = await self._client(public=True)
        presigned = await client.generate_presigned_post(
            self.bucket,
            check_key(key),
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", size, size]],
            ExpiresIn=expires_in,
        )
        expires_at = datetime.now(UTC) + timedelta(seconds=expires_in)
        return UploadForm(presigned["url"], dict(presigned["fields"]), expires_at)

    async def download_url(
        self,
        key: str,
        *,
        file_name: str,
        content_type: str,
        expires_in: int,
        checksum: str | None = None,
    ) -> str:
        # S3 serves the bytes: `checksum` is checked before a URL is made (`serving`), and a
        # presigned GET can set no Content-Security-Policy (S3 overrides these headers only).
        client = await self._client(public=True)
        params = {
            "Bucket": self.bucket,
            "Key": check_key(key),
            "ResponseContentDisposition": content_disposition(file_name),
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, no-store",
        }
        url: str = await client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=expires_in
        )
        return url

    async def put(self, key: str, source: IO[bytes], *, content_type: str) -> None:
        client = await self._client()
        extra = {"ContentType": content_type}
        await client.upload_fileobj(source, self.bucket, check_key(key), ExtraArgs=extra)

    async def copy(self, source: str, target: str, *, content_type: str) -> None:
        """A server-side copy; S3 records the copy's SHA-256 (`checksum` reads it back)."""
        await (await self._client()).copy_object(
            Bucket=self.bucket,
            Key=check_key(target),
            CopySource={"Bucket": self.bucket, "Key": check_key(source)},
            ChecksumAlgorithm="SHA256",
            MetadataDirective="REPLACE",
            ContentType=content_type,
        )

    async def checksum(self, key: str) -> str | None:
        """From the SHA-256 S3 keeps with the object when it has a whole-object one (a copy's),
        else from its bytes."""
        client = await self._client()
        try:
            head = await client.head_object(
                Bucket=self.bucket, Key=check_key(key), ChecksumMode="ENABLED"
            )
        except ClientError as error:
            if _missing(error):
                return None
            raise
        kept = head.get("ChecksumSHA256")
        if kept and "-" not in kept:  # "-<parts>": a multipart upload's checksum of checksums
            return base64.b64decode(kept).hex()
        digest = hashlib.sha256()
        async for chunk in self.read(key):
            digest.update(chunk)
        return digest.hexdigest()

    async def keys(self, prefix: str) -> AsyncIterator[str]:
        pages = (
            (await self._client())
            .get_paginator("list_objects_v2")
            .paginate(Bucket=self.bucket, Prefix=check_key(prefix, prefix=True))
        )
        async for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"]

    async def size(self, key: str) -> int | None:
        try:
            head = await (await self._client()).head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if _missing(error):
                return None
            raise
        return int(head["ContentLength"])

    async def read(self, key: str) -> AsyncIterator[bytes]:
        got = await (await self._client()).get_object(Bucket=self.bucket, Key=check_key(key))
        body = got["Body"]
        try:
            async for chunk in body.iter_chunks(CHUNK):
                yield chunk
        finally:
            body.close()

    async def delete(self, key: str) -> None:
        await (await self._client()).delete_object(Bucket=self.bucket, Key=check_key(key))

    async def delete_prefix(self, prefix: str) -> int:
        client, removed = await self._client(), 0
        pages = client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=check_key(prefix, prefix=True)
        )
        async for page in pages:
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                await client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys})
                removed += len(keys)
        return removed

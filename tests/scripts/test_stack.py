"""free_port(): a port no other port-0 bind gets before its user binds it."""

import socket

from scripts.stack import free_port, port_in_use


def test_a_reserved_port_is_not_handed_out_again():
    reserved = {free_port() for _ in range(20)}
    assert len(reserved) == 20
    for _ in range(500):
        with socket.socket() as other:
            other.bind(("127.0.0.1", 0))
            assert other.getsockname()[1] not in reserved


def test_a_server_can_still_listen_on_it():
    port = free_port()
    assert not port_in_use("127.0.0.1", port)
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        assert port_in_use("127.0.0.1", port)

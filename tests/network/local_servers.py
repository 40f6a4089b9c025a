"""Servers the network tests run on 127.0.0.1: an HTTPS server whose certificate comes from a test CA that is in
no real trust store, and a forward proxy (CONNECT and absolute-URI requests) that logs what it carried."""

from __future__ import annotations

import datetime
import ipaddress
import json
import select
import socket
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class LocalCa:
    ca_pem: Path
    cert_pem: Path
    key_pem: Path


def make_test_ca(folder: Path, hosts: tuple[str, ...] = ("localhost", "graph.microsoft.com",
                                                     "login.microsoftonline.com")) -> LocalCa:
    """A root CA and a server certificate it signed for `hosts` and 127.0.0.1."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Regvault Test Inspection Root")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(h) for h in hosts] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    result = LocalCa(folder / "test-ca.pem", folder / "server.pem", folder / "server-key.pem")
    result.ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    result.cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    result.key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    return result


ORGANIZATION = {"value": [{"id": "11111111-1111-4111-8111-111111111111", "displayName": "Behind the proxy",
                           "verifiedDomains": [{"name": "contoso.example", "isDefault": True}]}]}


class _GraphLike(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.seen.append((self.headers.get("Host"), self.path))  # type: ignore[attr-defined]
        page = getattr(self.server, "page", None)  # a captive portal's sign-in page instead of JSON
        body = page.encode() if page else json.dumps(ORGANIZATION).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if page else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class TlsServer:
    """HTTPS on 127.0.0.1 answering every GET with an /organization body; `seen`: (Host, path) per request."""

    def __init__(self, ca: LocalCa) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _GraphLike)
        self.httpd.seen = []  # type: ignore[attr-defined]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(ca.cert_pem), str(ca.key_pem))
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = int(self.httpd.server_address[1])
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def seen(self) -> list[tuple[str, str]]:
        return self.httpd.seen  # type: ignore[attr-defined, no-any-return]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class ForwardProxy:
    """An HTTP proxy on 127.0.0.1. CONNECT host:443 is tunnelled to `tls_port` (the test's HTTPS server, standing
    in for the internet); absolute-URI requests are forwarded to `http_port`. `log`: what it was asked for."""

    tls_port: int = 0
    http_port: int = 0
    log: list[str] = field(default_factory=list)
    wants_password: bool = False  # answer 407 Proxy Authentication Required

    def __post_init__(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_CONNECT(self) -> None:  # noqa: N802
                proxy.log.append(f"CONNECT {self.path}")
                if proxy.wants_password:
                    self.send_response(407, "Proxy Authentication Required")
                    self.send_header("Proxy-Authenticate", 'Basic realm="corp"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                upstream = socket.create_connection(("127.0.0.1", proxy.tls_port))
                self.send_response(200, "Connection established")
                self.end_headers()
                _pipe(self.connection, upstream)

            def do_GET(self) -> None:  # noqa: N802
                proxy.log.append(f"GET {self.path}")
                target = urlsplit(self.path)
                upstream = socket.create_connection(("127.0.0.1", proxy.http_port))
                request = f"GET {target.path or '/'}{'?' + target.query if target.query else ''} HTTP/1.1\r\n"
                headers = "".join(f"{k}: {v}\r\n" for k, v in self.headers.items() if k.lower() != "connection")
                upstream.sendall((request + headers + "Connection: close\r\n\r\n").encode())
                _pipe(self.connection, upstream)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _pipe(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    try:
        while True:
            ready, _, _ = select.select(sockets, [], [], 10)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        return
    finally:
        b.close()


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StaticToken:
    """A TokenProvider with one made-up token."""

    def access_token(self, *, write: bool) -> str:
        return "eyJ0eXAiOiJKV1QifQ.test.sig"

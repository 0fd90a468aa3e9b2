"""The private-address guard: what the crawler and the web explorer refuse to contact."""

from __future__ import annotations

import pytest

from warta.sources.netguard import BadURL, ForbiddenAddress, address_problem, check_addresses, check_url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://localhost:8080/",
        "http://foo.localhost/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.251/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://[::1]/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
    ],
)
def test_refuses_internal_addresses(url):
    with pytest.raises(ForbiddenAddress):
        check_url(url)


def test_allows_public_literals_and_allowed_networks():
    assert [str(a) for a in check_url("http://1.1.1.1/")] == ["1.1.1.1"]
    assert [str(a) for a in check_url("https://[2606:4700:4700::1111]/x")] == ["2606:4700:4700::1111"]
    assert check_url("http://127.0.0.1:9/", allowed_networks=["127.0.0.1/32"])
    assert check_url("http://10.0.0.1/", allow_private=True)
    with pytest.raises(ForbiddenAddress):
        check_url("http://10.0.0.1/", allowed_networks=["127.0.0.1/32"])


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "http:///nohost", "gopher://x/", "http://[::1"]
)
def test_bad_urls(url):
    with pytest.raises(BadURL):
        check_url(url)


def test_every_resolved_address_must_pass():
    # a name resolving to one public and one private address is refused (DNS tricks)
    with pytest.raises(ForbiddenAddress):
        check_addresses("evil.example", ["93.184.216.34", "10.0.0.5"])
    assert address_problem(__import__("ipaddress").ip_address("8.8.8.8")) is None


def test_unresolvable_name_is_refused():
    with pytest.raises(ForbiddenAddress):
        check_url("http://no-such-host.invalid/")

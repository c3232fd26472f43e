"""X-Forwarded-For is believed only from the trusted proxies (issue 11, point 10; the OWASP
cheat sheet on IP spoofing): the client is the nearest address that is not a trusted proxy."""

from __future__ import annotations

import pytest

from samverka.config import SettingsError, parse_networks
from samverka.platform.web.proxies import client_behind

PROXIES = parse_networks("10.0.0.5, 10.1.0.0/16, ::1")


def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_behind("198.51.100.7", ["192.0.2.1"], PROXIES) == "198.51.100.7"
    assert client_behind("198.51.100.7", ["192.0.2.1"], ()) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_client_is_the_address_it_forwards() -> None:
    assert client_behind("10.0.0.5", ["192.0.2.1"], PROXIES) == "192.0.2.1"


def test_an_address_the_client_wrote_itself_before_the_real_one_is_skipped() -> None:
    forged = "203.0.113.9, 192.0.2.1"  # the client sent 203.0.113.9; the proxy added 192.0.2.1
    assert client_behind("10.0.0.5", [forged], PROXIES) == "192.0.2.1"


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_client() -> None:
    assert client_behind("10.0.0.5", ["192.0.2.1, 10.1.2.3"], PROXIES) == "192.0.2.1"
    assert client_behind("::1", ["[2001:db8::7]:443"], PROXIES) == "2001:db8::7"


def test_a_value_that_is_not_an_address_stops_the_walk_at_the_hop_that_wrote_it() -> None:
    assert client_behind("10.0.0.5", ["evil, 10.1.2.3"], PROXIES) == "10.1.2.3"


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    with pytest.raises(SettingsError, match="SAMVERKA_TRUSTED_PROXIES"):
        parse_networks("10.0.0.5, proxy.example")

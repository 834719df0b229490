"""The device's time zone, as the plan and the diary default to it."""

from zoneinfo import ZoneInfo

import pytest

from companion.adapters.clock import local_zone_name


@pytest.mark.parametrize("name", ["Europe/Paris", "America/Argentina/Buenos_Aires", "UTC"])
def test_a_real_zone_in_tz_is_the_device_zone(name):
    assert local_zone_name({"TZ": name}) == name
    assert local_zone_name({"TZ": ":" + name}) == name  # the POSIX "use this file" form


@pytest.mark.parametrize("name", ["Europe", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", ""])
def test_anything_else_falls_back_to_the_system_zone_or_utc(name):
    found = local_zone_name({"TZ": name})
    assert found != name and ZoneInfo(found)  # a zone the app can use

"""Every kind of column value survives the backup's JSON exactly: what `_encode` writes, `Field.to_python` reads."""

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from core.backup import _encode

MONEY = models.DecimalField(max_digits=18, decimal_places=2)
COORDINATE = models.DecimalField(max_digits=9, decimal_places=6)
aware = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),
    max_value=dt.datetime(2200, 1, 1),
    timezones=st.builds(
        dt.timezone,
        st.timedeltas(min_value=dt.timedelta(hours=-12), max_value=dt.timedelta(hours=14)).map(
            lambda offset: dt.timedelta(minutes=offset // dt.timedelta(minutes=1))
        ),
    ),
)


def through_json(field, value):
    return field.to_python(json.loads(json.dumps([value], default=_encode))[0])


@given(st.decimals(min_value=Decimal("-9999999999999999.99"), max_value=Decimal("9999999999999999.99"), places=2))
def test_money_keeps_every_cent(amount):
    restored = through_json(MONEY, amount)
    assert restored == amount and str(restored) == str(amount)


@given(st.decimals(min_value=-180, max_value=180, places=6))
def test_coordinates_keep_every_digit(value):
    assert str(through_json(COORDINATE, value)) == str(value)


@given(aware)
def test_timestamps_keep_microseconds_and_the_instant(moment):
    restored = through_json(models.DateTimeField(), moment)
    assert restored == moment and restored.utcoffset() == moment.utcoffset()


@given(st.dates(), st.times(), st.timedeltas(), st.uuids(), st.binary(max_size=64))
def test_other_column_types(day, clock, span, key, blob):
    assert through_json(models.DateField(), day) == day
    assert through_json(models.TimeField(), clock) == clock
    assert through_json(models.DurationField(), span) == span
    assert through_json(models.UUIDField(), key) == key and isinstance(key, uuid.UUID)
    assert bytes(through_json(models.BinaryField(), blob)) == blob

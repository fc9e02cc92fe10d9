"""The tracking numbers of a case: the parcel sent out, and any return."""

from __future__ import annotations

from typing import Any

from tbcase.domain.errors import KnownError
from tbcase.domain.model import Direction, now, parse_choice, parse_datetime, to_iso
from tbcase.domain.tracking import BY_CODE, carrier_by_name, normalise_tracking_number, recognise
from tbcase.storage.access import CaseAccess
from tbcase.storage.models import Tracking as TrackingRow
from tbcase.storage.models import capped, room_for_one
from tbcase.storage.records import TrackingNumber, optional_time, stored_choice


def _record(t: Any) -> TrackingNumber:
    code = str(t.carrier)
    carrier = BY_CODE.get(code)
    return TrackingNumber(
        number=str(t.number), carrier=code,
        carrier_zh=carrier.name_zh if carrier else code,
        carrier_en=carrier.name_en if carrier else code,
        direction=stored_choice(Direction, t.direction), signed=optional_time(t.signed_at), note=str(t.note),
    )


class TrackingStore:
    def __init__(self, case: CaseAccess) -> None:
        self._case = case

    def all(self) -> list[TrackingNumber]:
        with self._case.reading():
            found = capped(TrackingRow.select().order_by(TrackingRow.added, TrackingRow.id), self._case.path)
            return [_record(t) for t in found]

    def add(self, number: str, *, carrier: str | None = None, direction: str = Direction.OUT,
            signed: str | None = None, note: str = "") -> TrackingNumber:
        """Add a number, or change the one already there (carrier, direction, signed)."""
        number = normalise_tracking_number(number)
        if not number:
            raise KnownError("tracking_empty")
        way = parse_choice(Direction, direction, "direction")
        code = carrier_by_name(carrier).code if carrier else recognise(number).code
        if carrier and code == "unknown":
            code = carrier.strip()  # the user's own name for a carrier we do not know
        signed_iso = to_iso(parse_datetime(signed)) if signed else None
        with self._case.writing():
            row = TrackingRow.get_or_none(TrackingRow.number == number)
            if row is None:
                room_for_one(TrackingRow, self._case.path)
                row = TrackingRow.create(number=number, carrier=code, direction=way.value,
                                         signed_at=signed_iso, note=note, added=to_iso(now()))
                self._case.log("tracking.added", number=number, carrier=code, direction=way.value)
            else:
                old = {"old_carrier": row.carrier, "old_direction": row.direction,
                       "old_signed": row.signed_at}
                row.carrier, row.direction = code, way.value
                if signed_iso:
                    row.signed_at = signed_iso
                if note:
                    row.note = note
                row.save()
                self._case.log("tracking.changed", number=number, carrier=code,
                               direction=way.value, signed=row.signed_at, **old)
            return _record(row)

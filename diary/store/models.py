"""The diary file's tables (SQLAlchemy 2 typed models): the schema only, which the migrations
create exactly; rows are read and written with plain sqlite3 (store/rows.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class NightRow(Base):
    __tablename__ = "nights"
    __table_args__ = (
        CheckConstraint("rls_severity BETWEEN 0 AND 10", name="ck_nights_severity"),
        CheckConstraint(
            "sleep_hours IS NULL OR sleep_hours BETWEEN 0 AND 24", name="ck_nights_sleep_hours"
        ),
        CheckConstraint(
            "sleep_quality IS NULL OR sleep_quality BETWEEN 1 AND 5", name="ck_nights_quality"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, unique=True, index=True)
    rls_severity: Mapped[int] = mapped_column(Integer)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    bedtime: Mapped[dt.time | None] = mapped_column(Time)
    wake_time: Mapped[dt.time | None] = mapped_column(Time)
    sleep_latency_min: Mapped[int | None] = mapped_column(Integer)
    awakenings: Mapped[int | None] = mapped_column(Integer)
    sleep_quality: Mapped[int | None] = mapped_column(Integer)
    symptom_onset: Mapped[dt.time | None] = mapped_column(Time)
    notes: Mapped[str] = mapped_column(Text, default="")
    for_doctor: Mapped[bool] = mapped_column(Boolean, default=False)


class NightTagRow(Base):
    __tablename__ = "night_tags"

    night_id: Mapped[int] = mapped_column(
        ForeignKey("nights.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    tag: Mapped[str] = mapped_column(String(200), index=True)


class LabResultRow(Base):
    __tablename__ = "lab_results"
    __table_args__ = (
        CheckConstraint("value > 0", name="ck_lab_value_positive"),
        CheckConstraint("value_limit IN ('', '<', '>')", name="ck_lab_value_limit"),
        Index("ix_lab_results_test_date", "test", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    test: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    canonical_value: Mapped[float] = mapped_column(Float)
    fasting: Mapped[bool | None] = mapped_column(Boolean)
    lab_name: Mapped[str] = mapped_column(String(200), default="")
    inflammation: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # "<" below the lab's limit, ">" above its range, "" as measured (records.LabResult)
    value_limit: Mapped[str] = mapped_column(String(1), default="", server_default="")


class DoseRow(Base):
    __tablename__ = "doses"
    __table_args__ = (CheckConstraint("amount > 0", name="ck_dose_amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    time: Mapped[dt.time | None] = mapped_column(Time)
    medication: Mapped[str] = mapped_column(String(200))
    as_typed: Mapped[str] = mapped_column(String(200), default="", server_default="")
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")


class SupplementRow(Base):
    __tablename__ = "supplements"
    __table_args__ = (CheckConstraint("amount_mg > 0", name="ck_supplement_amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    time: Mapped[dt.time | None] = mapped_column(Time)
    product: Mapped[str] = mapped_column(String(60))
    amount_mg: Mapped[float] = mapped_column(Float)
    elemental_iron_mg: Mapped[float | None] = mapped_column(Float)
    with_vitamin_c: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")


class InfusionRow(Base):
    __tablename__ = "infusions"
    __table_args__ = (CheckConstraint("dose_mg > 0", name="ck_infusion_dose_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    product: Mapped[str] = mapped_column(String(60))
    as_typed: Mapped[str] = mapped_column(String(200), default="", server_default="")
    dose_mg: Mapped[float] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")


class VenesectionRow(Base):
    __tablename__ = "venesections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    volume_ml: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")


class UsualIntakeRow(Base):
    """A medicine or supplement taken most nights: prefills each new night (in this order)."""

    __tablename__ = "usual_intake"
    __table_args__ = (
        CheckConstraint("kind IN ('medicine', 'supplement')", name="ck_usual_intake_kind"),
        CheckConstraint("amount > 0", name="ck_usual_intake_amount_positive"),
    )

    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))  # medication, or the supplement product
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    time: Mapped[dt.time | None] = mapped_column(Time)


class ProfileRow(Base):
    __tablename__ = "profile"
    __table_args__ = (CheckConstraint("id = 1", name="ck_profile_single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer)
    clinician: Mapped[str] = mapped_column(String(200), default="")

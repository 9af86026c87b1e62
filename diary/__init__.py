"""RLS Diary: a private desktop diary for restless legs syndrome and iron."""

__version__ = "0.1.0"
APP_NAME = "RLS Diary"
APP_ID = "org.rlsdiary.RLSDiary"
DISCLAIMER = (
    "RLS Diary shows your own records and clinical rules of thumb. "
    "It informs; it does not replace your clinician's advice."
)

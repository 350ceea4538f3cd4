"""English pages keep the Swedish date format ÅÅÅÅ-MM-DD (one format in every language, as on the letters)."""

from skutan.formats.sv.formats import (  # noqa: F401 - the format names Django reads
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

"""Dates as ÅÅÅÅ-MM-DD in Swedish (settings FORMAT_MODULE_PATH); input formats as skutan.core.dates reads them."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "m-d"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d", "%y%m%d", "%y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
# Numbers and the rest: Django's own formats for the language.

"""Cells that are safe to open in a spreadsheet: text that a spreadsheet would run as a formula
(starting with = + - @, or a tab or carriage return) is made inert with a leading apostrophe."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values) -> list[str]:
    return [safe_cell(v) for v in values]

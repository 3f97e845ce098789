"""Excel's error values: one table shared by the formula engine and the finance core.

Codes are small integers (``0`` means "no error"); ``ERROR_TEXT[code]`` is what
a cell shows. This module imports nothing, so the xlwings Lite bundle can embed
it and ``mktplan new`` stays free of numpy.
"""

OK = 0
DIV0 = 1
NUM = 2
VALUE = 3
NA = 4
REF = 5
NAME = 6
NULL = 7

#: Excel text of each error code, indexed by code (``ERROR_TEXT[0]`` is unused).
ERROR_TEXT: tuple[str, ...] = ("", "#DIV/0!", "#NUM!", "#VALUE!", "#N/A", "#REF!", "#NAME?", "#NULL!")
#: Error code of each Excel error text.
ERROR_CODE: dict[str, int] = {text: code for code, text in enumerate(ERROR_TEXT) if code}

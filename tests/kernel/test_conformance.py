"""The Jupyter project's kernel conformance suite, with a sample for every test (a missing sample skips a test)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jupyter_kernel_test  # noqa: E402
from kernel_support import KERNEL_NAME  # noqa: E402


class CurriculumKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("to stderr");'

    completion_samples = [
        {"text": "Console.WriteL", "matches": {"WriteLine"}},
        {"text": "Math.Sq", "matches": {"Sqrt"}},
        {"text": "var numbers = new List<int>(); numbers.AddR", "matches": {"AddRange"}},
    ]
    complete_code_samples = ["var x = 1;", "Console.WriteLine(1);", "1 + 1", "if (true) { }"]
    incomplete_code_samples = ["if (true) {", "void F() {", "var s = new[] {"]
    invalid_code_samples = ["var x = );", "int 1a = 2;"]

    code_page_something = "Console.WriteLine?"
    code_generate_error = 'throw new InvalidOperationException("on purpose");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"tea" + "pot"', "result": "teapot"},
        {"code": "Math.Max(2, 3)", "result": "3"},
    ]
    code_display_data = [
        {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/html"},
        {"code": "display(42);", "mime": "text/plain"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Console.WriteLine"
    code_clear_output = 'Console.WriteLine("soon gone"); clear_output();'


if __name__ == "__main__":
    unittest.main()

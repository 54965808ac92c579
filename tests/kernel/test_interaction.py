"""What a cell exchanges with the front end besides its outputs: input for Console.ReadLine() (input_request on the
stdin channel), displays updated in place (update_display_data), and which trailing values a cell shows."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from kernel_support import KERNEL_NAME, NOTEBOOKS, TIMEOUT, result_text, run, start, text_of  # noqa: E402


class Interaction(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def answering(self, *answers):
        """A stdin hook that answers each input_request in turn and keeps the requests."""
        requests, queue = [], list(answers)

        def hook(msg):
            requests.append(msg)
            self.kc.input(queue.pop(0))

        return hook, requests

    def test_readline_sends_input_request_and_gets_the_replys_value(self):
        hook, requests = self.answering("Ada")
        reply, outputs = run(self.kc, "var name = Console.ReadLine();\nname", allow_stdin=True, stdin_hook=hook)
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        self.assertEqual(result_text(outputs), "Ada")
        self.assertEqual(len(requests), 1)
        request = requests[0]
        self.assertEqual(request["msg_type"], "input_request")
        self.assertEqual(request["content"], {"prompt": "", "password": False})
        self.assertEqual(request["parent_header"]["msg_type"], "execute_request")
        self.assertEqual(request["parent_header"]["msg_id"], reply_parent(self, outputs))

    def test_each_readline_is_one_request_and_the_prompt_text_comes_first(self):
        hook, requests = self.answering("3", "4")
        reply, outputs = run(self.kc, 'Console.Write("a? ");\nvar a = int.Parse(Console.ReadLine()!);\n'
                                      'Console.Write("b? ");\nvar b = int.Parse(Console.ReadLine()!);\na * b',
                             allow_stdin=True, stdin_hook=hook)
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        self.assertEqual(len(requests), 2)
        self.assertEqual(result_text(outputs), "12")
        self.assertEqual("".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"), "a? b? ")

    def test_without_stdin_readline_fails_at_once_with_a_clear_error(self):
        hook, requests = self.answering("never")
        reply, _ = run(self.kc, "var line = Console.ReadLine();", allow_stdin=False, stdin_hook=hook)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Curriculum.Execution.Engine.InputNotAvailableException")
        self.assertIn("does not allow stdin", reply["evalue"])
        self.assertEqual(requests, [])
        _, outputs = run(self.kc, "40 + 2")
        self.assertEqual(result_text(outputs), "42")

    def test_display_then_update_sends_display_data_and_update_display_data_with_one_id(self):
        reply, outputs = run(self.kc, 'var shown = display("first");\nshown.Update("second");')
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        self.assertEqual([m["msg_type"] for m in outputs], ["display_data", "update_display_data"])
        first, update = (m["content"] for m in outputs)
        display_id = first["transient"]["display_id"]
        self.assertTrue(display_id)
        self.assertEqual(update["transient"]["display_id"], display_id)
        self.assertEqual(first["data"]["text/plain"], "first")
        self.assertEqual(update["data"]["text/plain"], "second")

    def test_a_trailing_void_call_shows_nothing_and_a_top_level_return_shows_its_value(self):
        reply, outputs = run(self.kc, 'Console.WriteLine("printed")')
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        self.assertEqual([m["msg_type"] for m in outputs], ["stream"])  # no execute_result <null>
        reply, outputs = run(self.kc, "void Nothing() { }\nNothing()")
        self.assertEqual(outputs, [])
        reply, outputs = run(self.kc, "return 6 * 7;")
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        self.assertEqual(result_text(outputs), "42")

    def test_silent_runs_the_code_with_no_outputs_and_no_new_execution_count(self):
        before, _ = run(self.kc, "var seen = 1;")
        reply, outputs = run(self.kc, 'seen = 2; Console.WriteLine("quiet"); display(3); seen', silent=True)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(outputs, [])
        after, outputs = run(self.kc, "seen")
        self.assertEqual(result_text(outputs), "2")  # the silent cell did run
        self.assertEqual(after["execution_count"], before["execution_count"] + 1)

    def test_store_history_false_shows_outputs_but_keeps_the_count_and_the_history(self):
        before, _ = run(self.kc, "1")
        reply, outputs = run(self.kc, "var unlogged = 7; unlogged", store_history=False)
        self.assertEqual(result_text(outputs), "7")
        after, _ = run(self.kc, "2")
        self.assertEqual(after["execution_count"], before["execution_count"] + 1)
        msg_id = self.kc.history(hist_access_type="tail", n=100)
        history = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(history["parent_header"]["msg_id"], msg_id)
        inputs = [entry[2] for entry in history["content"]["history"]]
        self.assertIn("2", inputs)
        self.assertFalse(any("unlogged" in text for text in inputs), inputs)

    def test_comm_info_answers_with_no_comms(self):
        msg_id = self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})


class Restart(unittest.TestCase):
    def test_a_restart_forgets_the_state_and_the_new_kernel_answers(self):
        km, kc = start()
        try:
            run(kc, "var kept = 41;")
            old = km.provisioner.pid
            km.restart_kernel(now=False)  # shutdown_request with restart = true, then a new process
            kc.wait_for_ready(timeout=TIMEOUT)
            self.assertNotEqual(km.provisioner.pid, old)
            reply, outputs = run(kc, "kept + 1")
            self.assertEqual(reply["status"], "error", text_of(outputs))
            self.assertIn("kept", reply["evalue"])
            reply, outputs = run(kc, "40 + 2")
            self.assertEqual(result_text(outputs), "42")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def reply_parent(test, outputs):
    """The msg_id of the execute_request the outputs belong to."""
    parents = {m["parent_header"]["msg_id"] for m in outputs}
    test.assertEqual(len(parents), 1)
    return parents.pop()


class UpdatedDisplaysInNbclient(unittest.TestCase):
    def test_a_notebook_run_by_nbclient_ends_with_the_updated_outputs(self):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": ".NET (C#)", "language": "C#"}
        nb.cells = [
            nbformat.v4.new_code_cell('var progress = display("0 %");'),
            nbformat.v4.new_code_cell('for (var p = 25; p <= 100; p += 25)\n    progress.Update($"{p} %");'),
            nbformat.v4.new_code_cell('var loss = display(2.5);\nloss.Update(0.125);'),
        ]
        NotebookClient(nb, timeout=120, kernel_name=KERNEL_NAME, resources={"metadata": {"path": NOTEBOOKS}}).execute()
        first, second, third = (cell.outputs for cell in nb.cells)
        # The display made in cell 1 was updated in place by cell 2, which shows nothing itself.
        self.assertEqual(len(first), 1, first)
        self.assertEqual(first[0].output_type, "display_data")
        self.assertEqual(first[0].data["text/plain"], "100 %")
        self.assertEqual(second, [])
        self.assertEqual(len(third), 1, third)
        self.assertEqual(third[0].data["text/plain"], "0.125")


if __name__ == "__main__":
    unittest.main()

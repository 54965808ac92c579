"""The kernel survives what learners do: loops that never end (interrupted by message or SIGINT), throwing cells,
Environment.Exit, and forged messages."""
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zmq  # noqa: E402
from jupyter_client.session import Session  # noqa: E402
from kernel_support import ATTENTION_DLL, result_text, run, start, text_of, TIMEOUT  # noqa: E402


class Robustness(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def assert_alive(self):
        reply, outputs = run(self.kc, "40 + 2")
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        self.assertEqual(result_text(outputs), "42")

    def test_throwing_cell_reports_the_line_and_the_kernel_continues(self):
        reply, outputs = run(self.kc, 'var a = 1;\nthrow new InvalidOperationException("on purpose");')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "System.InvalidOperationException")
        self.assertIn("on purpose", reply["evalue"])
        self.assertTrue(any("line 2" in line for line in reply["traceback"]), reply["traceback"])
        self.assert_alive()

    def test_compile_error_names_the_line(self):
        reply, _ = run(self.kc, "var ok = 1;\nint x = \"text\";")
        self.assertEqual(reply["status"], "error")
        self.assertTrue(any("line 2" in line and "CS0029" in line for line in reply["traceback"]), reply["traceback"])

    def interrupt_a_loop(self, interrupt):
        run(self.kc, "int before = 7;")
        msg_id = self.kc.execute('Console.WriteLine("looping");\nwhile (true) { }')
        # Interrupt only once the loop runs (its first line printed): an interrupt while no cell runs does nothing.
        deadline = time.time() + TIMEOUT
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                    and "looping" in msg["content"]["text"]):
                break
        time.sleep(0.5)
        interrupt()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KernelInterrupted")
        self.assertIn("state", reply["content"]["evalue"])  # says that the state was lost
        self.assert_alive()
        # The decision (docs/decisions.md): an interrupt restarts the execution process, so `before` is gone.
        reply, _ = run(self.kc, "before")
        self.assertEqual(reply["status"], "error")
        self.assertIn("CS0103", "".join(reply["traceback"]))

    def test_interrupt_by_message_stops_a_loop_and_the_next_cell_runs(self):
        self.assertEqual(self.km.kernel_spec.interrupt_mode, "message")  # what `curriculum kernel install` writes
        self.interrupt_a_loop(self.km.interrupt_kernel)  # an interrupt_request on the control channel

    def test_interrupt_by_sigint_stops_a_loop_and_the_next_cell_runs(self):
        # What a front end does for a kernelspec with interrupt_mode "signal" (and Ctrl-C in a terminal): SIGINT to the
        # kernel's process group. The execution process is in a session of its own, so only the kernel gets it.
        spec = self.km.kernel_spec
        spec.interrupt_mode = "signal"
        try:
            self.interrupt_a_loop(self.km.interrupt_kernel)
        finally:
            spec.interrupt_mode = "message"

    def test_environment_exit_is_reported_and_the_next_cell_runs_on_a_fresh_process(self):
        reply, outputs = run(self.kc, "Environment.Exit(3);")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "ExecutionProcessDied")
        self.assertIn("fresh process", reply["evalue"])
        self.assertTrue(any(m["msg_type"] == "error" for m in outputs))
        self.assert_alive()

    def test_stop_on_error_aborts_the_queued_cells(self):
        first = self.kc.execute('throw new Exception("first");')
        second = self.kc.execute("1")
        third = self.kc.execute("2")
        replies = {}
        while len(replies) < 3:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual([replies[first], replies[second], replies[third]], ["error", "aborted", "aborted"])
        self.assert_alive()

    def test_message_with_a_bad_signature_is_never_executed(self):
        marker = os.path.join(tempfile.mkdtemp(), "ran.txt")
        forged = Session(key=b"not-the-key", username="intruder")
        context = zmq.Context.instance()
        socket = context.socket(zmq.DEALER)
        socket.linger = 0
        socket.connect(f"tcp://{self.km.ip}:{self.km.shell_port}")
        code = f'System.IO.File.WriteAllText(@"{marker}", "ran");'
        forged.send(socket, forged.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        unsigned = Session(key=b"", username="intruder")
        unsigned.send(socket, unsigned.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        self.assertEqual(socket.poll(3000), 0, "the kernel answered a forged message")
        socket.close()
        self.assert_alive()
        self.assertFalse(os.path.exists(marker), "a forged execute_request ran")
        # The same code, signed with the right key, does run: the check above can fail.
        reply, _ = run(self.kc, code)
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(os.path.exists(marker))

    def test_a_figure_is_a_plotly_bundle_with_html_and_text_fallbacks(self):
        self.assertTrue(os.path.exists(ATTENTION_DLL), ATTENTION_DLL)
        code = (f'#r "{ATTENTION_DLL}"\nusing Attention;\nusing Attention.Plotting;\n'
                'var x = Matrix.RandomNormal(3, 4, seed: 1);\n'
                'Plot.AttentionWeights(Ops.ScaledDotProductAttention(x, x, x), ["a", "b", "c"], ["a", "b", "c"])')
        reply, outputs = run(self.kc, code)
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        data = results[0]["content"]["data"]
        self.assertIn("application/vnd.plotly.v1+json", data)
        self.assertEqual(data["application/vnd.plotly.v1+json"]["data"][0]["type"], "heatmap")
        self.assertIn("text/html", data)
        self.assertIn("text/plain", data)

    def test_matrices_keep_their_html_tables(self):
        reply, outputs = run(self.kc, f'#r "{ATTENTION_DLL}"\nAttention.Matrix.RandomNormal(2, 2, seed: 3)')
        self.assertEqual(reply["status"], "ok", text_of(outputs))
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertNotIn("application/vnd.plotly.v1+json", data)


class EightKernels(unittest.TestCase):
    def test_eight_kernels_at_once_each_keep_their_own_state(self):
        results, errors = {}, []

        def one(i):
            try:
                km, kc = start()
                try:
                    run(kc, f"var mine = {i} * 1000;")
                    _, outputs = run(kc, "mine + Environment.ProcessId * 0")
                    results[i] = result_text(outputs)
                finally:
                    kc.stop_channels()
                    km.shutdown_kernel(now=True)
            except Exception as e:  # reported below
                errors.append(f"kernel {i}: {e!r}")

        threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        self.assertEqual(errors, [])
        self.assertEqual(results, {i: str(i * 1000) for i in range(8)})


def gone(pid):
    """True once the process has exited (a zombie waiting for a reaper counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


class FrontEndGone(unittest.TestCase):
    FRONT_END = """
import sys, time
sys.path.insert(0, sys.argv[1])
from kernel_support import result_text, run, start
km, kc = start()
_, outputs = run(kc, "Environment.ProcessId")   # the execution process runs the cells
print(km.provisioner.pid, result_text(outputs), flush=True)
time.sleep(600)
"""

    def test_the_kernel_and_its_execution_process_exit_when_the_front_end_is_killed(self):
        # A front end that dies without a shutdown_request (killed, crashed) leaves no kernel behind: the kernel
        # watches for it because jupyter_client sets JPY_PARENT_PID.
        front_end = subprocess.Popen([sys.executable, "-c", self.FRONT_END, os.path.dirname(os.path.abspath(__file__))],
                                     stdout=subprocess.PIPE, text=True)
        try:
            kernel, worker = (int(p) for p in front_end.stdout.readline().split())
            self.assertFalse(gone(kernel) or gone(worker), "the kernel should be running before its front end dies")
            front_end.send_signal(signal.SIGKILL)
            front_end.wait(10)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not (gone(kernel) and gone(worker)):
                time.sleep(0.2)
            self.assertTrue(gone(kernel), f"kernel {kernel} still running 30 s after its front end was killed")
            self.assertTrue(gone(worker), f"execution process {worker} still running after the kernel exited")
        finally:
            front_end.kill()
            front_end.stdout.close()
            for pid in (kernel, worker) if "worker" in locals() else ():
                if not gone(pid):
                    os.kill(pid, signal.SIGKILL)   # a failed run leaves nothing behind holding the test's pipes


if __name__ == "__main__":
    unittest.main()

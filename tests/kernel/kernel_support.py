"""Helpers shared by the kernel suites: start the installed `.net-csharp` kernel and run code in it."""
import os
import queue
import time

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = ".net-csharp"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOKS = os.path.join(REPO, "notebooks")
ATTENTION_DLL = os.path.join(REPO, "artifacts", "lib", "Attention.dll")
TIMEOUT = float(os.environ.get("KERNEL_TEST_TIMEOUT", "90"))


def start(cwd=NOTEBOOKS):
    """A started kernel manager and a ready client (kernel_info answered)."""
    return start_new_kernel(kernel_name=KERNEL_NAME, cwd=cwd, startup_timeout=TIMEOUT)


def run(kc, code, timeout=TIMEOUT, **kwargs):
    """Executes code; returns (reply content, [iopub messages of this request, status excluded])."""
    outputs = []

    def hook(msg):
        if msg["msg_type"] not in ("status", "execute_input"):
            outputs.append(msg)

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook, **kwargs)
    return reply["content"], outputs


def text_of(outputs):
    """Everything the outputs show as text: streams, text/plain of results and displays, error names and values."""
    parts = []
    for msg in outputs:
        content = msg["content"]
        if msg["msg_type"] == "stream":
            parts.append(content["text"])
        elif msg["msg_type"] in ("execute_result", "display_data", "update_display_data"):
            parts.append(content["data"].get("text/plain", ""))
        elif msg["msg_type"] == "error":
            parts.append(content["ename"] + ": " + content["evalue"])
    return "".join(parts)


def result_text(outputs):
    results = [m for m in outputs if m["msg_type"] == "execute_result"]
    return results[-1]["content"]["data"].get("text/plain") if results else None


def drain(channel, seconds=0.5):
    end = time.time() + seconds
    while time.time() < end:
        try:
            channel.get_msg(timeout=0.05)
        except queue.Empty:
            pass

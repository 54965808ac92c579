"""Every chapter through a real Jupyter client: nbclient runs it on the `.net-csharp` kernel."""
import glob
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from kernel_support import KERNEL_NAME, NOTEBOOKS  # noqa: E402

PLOTLY = "application/vnd.plotly.v1+json"


class Chapters(unittest.TestCase):
    def test_every_chapter_runs_without_errors_and_plot_cells_return_plotly(self):
        paths = sorted(glob.glob(os.path.join(NOTEBOOKS, "[0-9][0-9]-*.ipynb")))
        self.assertGreater(len(paths), 0, "no chapters found")
        plot_cells = 0
        for path in paths:
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                self.assertEqual(nb.metadata["kernelspec"]["name"], KERNEL_NAME)
                client = NotebookClient(nb, timeout=120, kernel_name=KERNEL_NAME, resources={"metadata": {"path": NOTEBOOKS}})
                client.execute()
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    errors = [o for o in cell.outputs if o.output_type == "error"]
                    self.assertEqual(errors, [], f"cell {index + 1}: {errors[:1]}")
                    if "plot" in cell.metadata.get("tags", []):
                        plot_cells += 1
                        self.assertTrue(any(PLOTLY in o.get("data", {}) for o in cell.outputs),
                                        f"cell {index + 1} ({cell.get('id')}) is tagged plot but returned no {PLOTLY}")
                # A front end writes the kernel's language_info into the notebook when it saves.
                self.assertEqual(nb.metadata["language_info"]["name"], "C#")
        self.assertGreater(plot_cells, 0, "no cell is tagged plot")


if __name__ == "__main__":
    unittest.main()

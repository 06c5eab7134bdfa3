# The README's helper examples are the files that run as tests here, verbatim.
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[3]
SECTION = REPO / "README.md"


def _blocks(language):
    text = SECTION.read_text(encoding="utf-8")
    blocks, inside, lines = [], False, []
    for line in text.splitlines(keepends=True):
        if not inside and line.strip() == "```" + language:
            inside, lines = True, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append("".join(lines))
        elif inside:
            lines.append(line)
    return blocks


def test_the_pytest_example_is_the_tested_file():
    example = (REPO / "clients/python/tests/test_readme_example.py").read_text(encoding="utf-8")
    assert len(example.splitlines()) == 10
    assert example in _blocks("python")


def test_the_node_example_is_the_tested_file():
    example = (REPO / "clients/node/test/readme-example.test.js").read_text(encoding="utf-8")
    assert example in _blocks("js")

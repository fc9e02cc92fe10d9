"""The command line's options reach the window whichever side of ``gui`` they stand on."""

import pytest

from tbcase.cli.parser import build_parser


@pytest.mark.parametrize("argv", [
    ["--demo", "gui"],
    ["gui", "--demo"],
    ["--demo", "--screenshot", "out.png", "gui"],
    ["gui", "--demo", "--screenshot", "out.png"],
])
def test_demo_and_screenshot_survive_the_gui_subcommand(argv):
    args = build_parser().parse_args(argv)
    assert getattr(args, "demo", False) is True
    if "--screenshot" in argv:
        assert args.screenshot == "out.png"


def test_gui_without_demo_is_not_a_demo():
    args = build_parser().parse_args(["gui"])
    assert getattr(args, "demo", False) is False
    assert getattr(args, "screenshot", None) is None

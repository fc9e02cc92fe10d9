"""argparse's own words (usage, errors, help headings) in Chinese, for the Chinese command
line (``Wording.argparse``, ``tbcase/cli/argwords.py``): keyed by argparse's English msgids."""

# argparse's own message ids (Python 3.11–3.13) and their Chinese (cli/argwords.py)
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",  # the type is a function's name (_days)
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可匹配 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "ignored explicit argument %r": "忽略了显式参数 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    # the command line's own number checks (cli/parser.py, through argwords.said)
    "N must be 0 or more": "须为 0 或更大的整数",
    "DAYS must be from 0 to 3660": "天数须在 0 到 3660 之间",
    "N must be from 1 to 2500": "须在 1 到 2500 之间",
}

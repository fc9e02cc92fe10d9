"""``tbcase show --json`` prints one bounded page of chat lines, never a whole huge case
(issue 13: 50k exhibits and 500k messages took 14 s and 1 GB)."""

import json
import sqlite3

from tests.helpers import ORDER
from tests.integration.test_cli import tb


def _chat(n: int, who: str) -> bytes:
    return "".join(f"{who} 2026-11-{1 + i // 1000:02d} 10:{(i // 60) % 60:02d}:{i % 60:02d}\n第{i}句\n"
                   for i in range(n)).encode("utf-8")


def _case_with_two_logs(tmp_path, library_dir):
    assert tb("new", "--order", ORDER, "--type", "quality", library=library_dir).returncode == 0
    for name, n, who in (("a.txt", 3, "tb111"), ("b.txt", 5, "tb222")):
        (tmp_path / name).write_bytes(_chat(n, who))
        r = tb("add", ORDER, str(tmp_path / name), "--kind", "chat", library=library_dir)
        assert r.returncode == 0, r.stderr


def _chats(r):
    assert r.returncode == 0, r.stderr
    return [e for e in json.loads(r.stdout)["evidence"] if e["kind"] == "chat"]


def test_a_page_spans_the_logs_in_order_and_says_what_is_left(tmp_path, library_dir):
    _case_with_two_logs(tmp_path, library_dir)
    a, b = _chats(tb("show", ORDER, "--json", "--messages", "4", library=library_dir))
    assert (a["messages_total"], b["messages_total"]) == (3, 5)
    assert [m["text"] for m in a["messages"]] == ["第0句", "第1句", "第2句"]
    assert [m["text"] for m in b["messages"]] == ["第0句"] and b["messages_from"] == 0
    a, b = _chats(tb("show", ORDER, "--json", "--messages", "10", "--messages-from", "4",
                     library=library_dir))
    assert a["messages"] == [] and a["messages_from"] == 3
    assert [m["text"] for m in b["messages"]] == ["第1句", "第2句", "第3句", "第4句"]
    assert b["messages_from"] == 1


def test_default_page_is_bounded(tmp_path, library_dir):
    assert tb("new", "--order", ORDER, "--type", "quality", library=library_dir).returncode == 0
    (tmp_path / "big.txt").write_bytes(_chat(10, "tb111"))
    assert tb("add", ORDER, str(tmp_path / "big.txt"), "--kind", "chat",
              library=library_dir).returncode == 0
    # many more lines than a page, written as the parser would have stored them
    path = library_dir / f"{ORDER}.tbcase"
    con = sqlite3.connect(path)
    (eid,) = con.execute("SELECT evidence_id FROM chat_message LIMIT 1").fetchone()
    con.executemany("INSERT INTO chat_message (evidence_id, seq, at, speaker, role, text, status) "
                    "VALUES (?, ?, NULL, 'tb111', 'buyer', ?, '')",
                    [(eid, 10 + i, f"x{i}") for i in range(5000)])
    con.commit()
    con.close()
    (chat,) = _chats(tb("show", ORDER, "--json", library=library_dir))
    assert chat["messages_total"] == 5010 and len(chat["messages"]) == 1000
    (chat,) = _chats(tb("show", ORDER, "--json", "--messages", "0", library=library_dir))
    assert chat["messages"] == [] and chat["messages_total"] == 5010

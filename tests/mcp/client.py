"""Drives `newsls mcp` with the official MCP Python SDK (PyPI `mcp`), as an
AI assistant's host would: lists the tools, calls each, sends bad calls,
and checks the server keeps serving. Usage: client.py NEWSLS FOLDER, where
FOLDER is a copy of the seed documents it may write into. Prints one line
a check and `mcp client: N passed, M failed`; exits 1 on a failure."""

import asyncio
import json
import os
import sys
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

NEWSLS, FOLDER = sys.argv[1], Path(sys.argv[2])
passed = 0
failures = []


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failures.append(name)
        print(f"FAIL {name}: {detail}")


def text_of(result):
    return "\n".join(block.text for block in result.content if block.type == "text")


def data_of(result):
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[-1].text)


async def refused(session, name, arguments):
    """A bad call: a protocol error, or a result flagged isError."""
    try:
        result = await session.call_tool(name, arguments)
    except MCPError as error:
        return True, f"protocol error {error}"
    return bool(result.is_error), text_of(result)


async def main():
    params = StdioServerParameters(
        command=NEWSLS,
        args=["mcp", "--root", str(FOLDER)],
        env={
            "NEWSLS_TODAY": "2026-01-22",
            "NEWSLS_CACHE_DIR": os.environ.get("NEWSLS_CACHE_DIR", str(FOLDER / ".cache")),
            "PATH": os.environ.get("PATH", ""),
        },
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check("server names itself", init.server_info.name == "newsls", init.server_info)
            check("instructions for the model", "lookup_entity" in (init.instructions or ""))

            tools = {tool.name: tool for tool in (await session.list_tools()).tools}
            expected = {"lookup_entity", "check_text", "find_mentions", "dossier"}
            check("the four tools", set(tools) == expected, sorted(tools))
            for name, required in [
                ("lookup_entity", ["query"]),
                ("check_text", ["text"]),
                ("find_mentions", ["id"]),
                ("dossier", ["path"]),
            ]:
                tool = tools.get(name)
                schema = tool.input_schema if tool else {}
                check(
                    f"{name}: a JSON schema requiring {required}, a description",
                    tool is not None
                    and schema.get("type") == "object"
                    and sorted(schema.get("required", [])) == required
                    and all(p in schema.get("properties", {}) for p in required)
                    and len(tool.description or "") > 80
                    and tool.annotations is not None
                    and tool.annotations.read_only_hint is True,
                    schema,
                )

            # lookup_entity: by name, on a date: the role then, with its source.
            result = await session.call_tool(
                "lookup_entity", {"query": "vladimir PUTIN", "date": "2010-01-01"}
            )
            data = data_of(result)
            entity = data["entities"][0] if data["entities"] else {}
            roles = entity.get("roles", [])
            check(
                "lookup_entity by name on 2010-01-01: Prime Minister, per registry.news.md",
                not result.is_error
                and entity.get("id") == "putin"
                and [r["role"] for r in roles] == ["Prime Minister of Russia"]
                and roles[0]["source"]["path"] == "registry.news.md"
                and roles[0]["source"]["line"] > 0
                and roles[0]["since"] == "2008-05-08",
                data,
            )
            check(
                "lookup_entity: aliases, Wikidata id, the account as text",
                "Putin" in entity.get("aliases", [])
                and entity.get("wikidata") == "Q7747"
                and "Prime Minister of Russia" in text_of(result),
                entity,
            )
            result = await session.call_tool("lookup_entity", {"query": "Steven Witkoff"})
            data = data_of(result)
            check(
                "lookup_entity by alias",
                [e["id"] for e in data["entities"]] == ["witkoff"],
                data,
            )
            result = await session.call_tool("lookup_entity", {"query": "@putin"})
            data = data_of(result)
            check(
                "lookup_entity by id, today (2026-01-22): President of Russia",
                data["date"] == "2026-01-22"
                and [r["role"] for r in data["entities"][0]["roles"]] == ["President of Russia"],
                data,
            )
            result = await session.call_tool("lookup_entity", {"query": "Angela Merkel"})
            data = data_of(result)
            check(
                "lookup_entity: an unknown name says so and invents nothing",
                not result.is_error
                and data["entities"] == []
                and "No entity" in text_of(result)
                and "Merkel" not in json.dumps(data.get("similar", [])),
                text_of(result),
            )
            ok, detail = await refused(
                session, "lookup_entity", {"query": "putin", "date": "2026-02-30"}
            )
            check("lookup_entity: a day that does not exist is refused", ok and "2026-02-30" in detail, detail)

            # check_text: the draft's diagnostics as a document of the folder.
            draft = (
                "---\ntitle: Draft\ndate: 2026-01-23\n---\n"
                "[Vladimir Putin](@putin) met [Steve Witkof](@witkof) again.\n"
            )
            result = await session.call_tool("check_text", {"text": draft, "path": "drafts/next.news.md"})
            data = data_of(result)
            codes = [(d["code"], d["line"]) for d in data.get("diagnostics", [])]
            check(
                "check_text: an undefined id on line 5, with the folder's definitions known",
                not result.is_error
                and data["path"] == "drafts/next.news.md"
                and ("undefined-entity", 5) in codes
                and all(d["message"].find("@putin") < 0 for d in data["diagnostics"]),
                codes,
            )
            check(
                "check_text: the fix is named (did you mean @witkoff)",
                "witkoff" in text_of(result),
                text_of(result),
            )
            clean = "---\ntitle: Clean\ndate: 2026-01-23\n---\n[Steve Witkoff](@witkoff) flew home.\n"
            result = await session.call_tool("check_text", {"text": clean})
            data = data_of(result)
            check(
                "check_text: a clean draft gets no diagnostics (as draft.news.md)",
                not result.is_error and data["diagnostics"] == [] and data["path"] == "draft.news.md",
                data,
            )
            check(
                "check_text wrote nothing",
                not (FOLDER / "draft.news.md").exists() and not (FOLDER / "drafts").exists(),
            )
            for bad in ["../outside.news.md", "/etc/passwd.news.md", "notes.txt"]:
                ok, detail = await refused(session, "check_text", {"text": clean, "path": bad})
                check(f"check_text: path {bad!r} is refused", ok, detail)

            # find_mentions: documents and lines, checked against the files.
            result = await session.call_tool("find_mentions", {"id": "@witkoff"})
            data = data_of(result)
            places = [
                (d["path"], m["line"], m["text"]) for d in data["documents"] for m in d["mentions"]
            ]
            lines_ok = all(
                text in (FOLDER / path).read_text(encoding="utf-8").splitlines()[line - 1]
                for path, line, text in places
            )
            check(
                "find_mentions: every mention's line holds its text",
                not result.is_error and len(places) >= 2 and lines_ok and data["name"] == "Steve Witkoff",
                places,
            )
            result = await session.call_tool("find_mentions", {"id": "nobody"})
            check(
                "find_mentions: an id nothing mentions or defines says so",
                "none defines it" in text_of(result) and data_of(result)["documents"] == [],
                text_of(result),
            )

            # Bad calls: refused, and the server keeps serving.
            for name, arguments, what in [
                ("delete_everything", {}, "an unknown tool"),
                ("lookup_entity", {"query": 42}, "a number for a string"),
                ("lookup_entity", {}, "a missing argument"),
                ("find_mentions", {"id": ["putin"]}, "a list for a string"),
                ("check_text", {"text": None}, "null for the text"),
            ]:
                ok, detail = await refused(session, name, arguments)
                check(f"refused: {what}", ok, detail)
            result = await session.call_tool("lookup_entity", {"query": "Kremlin"})
            check(
                "still serving after the bad calls",
                not result.is_error and data_of(result)["entities"][0]["id"] == "kremlin",
                text_of(result),
            )

            # A document added on disk is known at the next call.
            (FOLDER / "merz.news.md").write_text(
                "---\ntitle: Merz\nentities:\n  merz:\n    name: Friedrich Merz\n"
                "    kind: person\n    role: Chancellor of Germany\n---\n[@merz] spoke.\n",
                encoding="utf-8",
            )
            result = await session.call_tool("lookup_entity", {"query": "Friedrich Merz"})
            data = data_of(result)
            check(
                "a document written since the start is read",
                data["entities"] and data["entities"][0]["roles"][0]["role"] == "Chancellor of Germany",
                data,
            )
            await dossier_checks(session)


async def dossier_checks(session):
    result = await session.call_tool(
        "dossier", {"path": "2026-01-22-witkoff-putin-talks.news.md"}
    )
    text = text_of(result)
    check(
        "dossier: the document's people with their roles on its date",
        not result.is_error and "Vladimir Putin" in text and "President of Russia" in text,
        text[:400],
    )
    for bad in ["../README.md", "missing.news.md"]:
        ok, detail = await refused(session, "dossier", {"path": bad})
        check(f"dossier: path {bad!r} is refused", ok, detail)


asyncio.run(main())
print(f"mcp client: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)

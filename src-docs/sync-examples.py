#!/usr/bin/env python3
"""Rewrites every quoted example in the guide from the code it quotes.

A page quotes code with
    <!-- include: File.java#tag -->
    ```java
    ...
    ```
    <!-- end include -->
and the code is the region between `// tag::tag[]` and `// end::tag[]` in
examples/src/main/java/io/directmail/examples/File.java. The build's
DocumentationSnippetsTest fails when the two differ; run this to bring the pages up to date.
"""
import pathlib
import re
import sys

DOCS = pathlib.Path(__file__).resolve().parent
SOURCES = DOCS.parent / "examples/src/main/java/io/directmail/examples"
INCLUDE = re.compile(r"(<!-- include: ([\w/.]+)#([\w-]+) -->\n```java\n)(.*?)(```\n<!-- end include -->)", re.S)


def region(file, tag):
    lines = (SOURCES / file).read_text(encoding="utf-8").split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == f"// tag::{tag}[]")
    end = next(i for i, l in enumerate(lines) if l.strip() == f"// end::{tag}[]")
    body = lines[start + 1:end]
    indent = min(len(l) - len(l.lstrip()) for l in body if l.strip())
    return "".join((l[indent:] if l.strip() else "") + "\n" for l in body)


def main():
    changed = 0
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        new = INCLUDE.sub(lambda m: m.group(1) + region(m.group(2), m.group(3)) + m.group(5), text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
            print(f"updated {page.name}")
    return 0 if changed >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Reads a built wheel the way Python would and prints, as JSON, what a user of each class can pass.

Every module in the wheel is compiled (the jsii runtime that would import them cannot be installed
here), then the generated classes are read with `ast`: for each class, the keyword-only arguments
of its __init__ and, for struct classes, the same. With an EXAMPLE file, it is compiled too and
every call of a name in it is listed with its keyword arguments.
Usage: python3 python-signatures.py WHEEL MODULE [EXAMPLE]
"""
import ast
import json
import sys
import zipfile

wheel, module = sys.argv[1], sys.argv[2]
signatures = {}
compiled = []
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if not name.endswith(".py"):
            continue
        source = archive.read(name).decode("utf-8")
        compile(source, name, "exec")
        compiled.append(name)
        if name != f"{module}/__init__.py":
            continue
        for node in ast.parse(source).body:
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    signatures[node.name] = {
                        "positional": [a.arg for a in item.args.args],
                        "keywords": [a.arg for a in item.args.kwonlyargs],
                    }
calls = []
if len(sys.argv) > 3:
    with open(sys.argv[3], encoding="utf-8") as handle:
        example = handle.read()
    compile(example, sys.argv[3], "exec")
    for node in ast.walk(ast.parse(example)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.append({"name": node.func.id, "keywords": [k.arg for k in node.keywords]})
print(json.dumps({"compiled": sorted(compiled), "classes": signatures, "calls": calls}))

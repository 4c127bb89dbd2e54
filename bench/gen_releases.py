#!/usr/bin/env python3
"""Writes a folder of N small model releases for `owl scan` benchmarks and tests.

Each release is a repo folder with a model card (YAML front matter with a
real licence id, and for most a `base_model`), a config.json and a tiny
safetensors file (a real header and 16 bytes of F32 data). Releases come in
groups of four that form a chain inside the scan set:

  g000123-base        base_model meta-llama/Llama-3.1-8B (outside the set)
  g000123-chat        base_model bench/g000123-base
  g000123-chat-gguf   base_model bench/g000123-chat, quantized
  g000123-a-instruct  base_model bench/g000123-chat; sorts before its base,
                      so a scan meets the derivative first

Deterministic: the same N gives the same bytes.

Usage: gen_releases.py OUT_DIR N
"""
import json
import os
import struct
import sys

LICENSES = ["apache-2.0", "mit", "llama3.1", "gemma", "cc-by-nc-4.0", "openrail"]


def safetensors_bytes():
    header = json.dumps({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}},
                        separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + struct.pack("<4f", 1.0, 2.0, 3.0, 4.0)


def card(license_id, base, relation, name):
    lines = ["---", f"license: {license_id}"]
    if base:
        lines.append(f"base_model: {base}")
    if relation:
        lines.append(f"base_model_relation: {relation}")
    lines += ["---", "", f"# {name}", "",
              f"A small model for benchmarks, released under {license_id}.", ""]
    return "\n".join(lines)


def releases(count):
    for i in range(count):
        group, member = divmod(i, 4)
        stem = f"g{group:06d}"
        license_id = LICENSES[group % len(LICENSES)]
        if member == 0:
            yield f"{stem}-base", license_id, "meta-llama/Llama-3.1-8B", None
        elif member == 1:
            yield f"{stem}-chat", license_id, f"bench/{stem}-base", "finetune"
        elif member == 2:
            yield f"{stem}-chat-gguf", license_id, f"bench/{stem}-chat", "quantized"
        else:
            yield f"{stem}-a-instruct", "apache-2.0", f"bench/{stem}-chat", "finetune"


def main():
    out_dir, count = sys.argv[1], int(sys.argv[2])
    weights = safetensors_bytes()
    config = json.dumps({"architectures": ["LlamaForCausalLM"], "model_type": "llama"})
    for name, license_id, base, relation in releases(count):
        folder = os.path.join(out_dir, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "README.md"), "w") as f:
            f.write(card(license_id, base, relation, name))
        with open(os.path.join(folder, "config.json"), "w") as f:
            f.write(config)
        with open(os.path.join(folder, "model.safetensors"), "wb") as f:
            f.write(weights)


if __name__ == "__main__":
    main()

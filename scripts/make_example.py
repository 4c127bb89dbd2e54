#!/usr/bin/env python3
"""Writes the tiny example release in examples/tiny-release/.

The weights are made up (a few small tensors of fixed values); they exist so
`owl scan` has real GGUF and safetensors headers to read. Python standard
library only, deterministic output: running it twice gives identical bytes.

Usage: scripts/make_example.py [OUTPUT_DIR]
"""
import json
import os
import struct
import sys

GGUF_TYPE_UINT32 = 4
GGUF_TYPE_STRING = 8
GGUF_TYPE_ARRAY = 9
GGML_TYPE_F32 = 0
GGML_TYPE_F16 = 1
ALIGNMENT = 32


def gguf_string(text):
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def gguf_kv(key, value):
    out = gguf_string(key)
    if isinstance(value, str):
        return out + struct.pack("<I", GGUF_TYPE_STRING) + gguf_string(value)
    if isinstance(value, int):
        return out + struct.pack("<II", GGUF_TYPE_UINT32, value)
    if isinstance(value, list):
        out += struct.pack("<IIQ", GGUF_TYPE_ARRAY, GGUF_TYPE_STRING, len(value))
        return out + b"".join(gguf_string(item) for item in value)
    raise TypeError(key)


def write_gguf(path):
    metadata = [
        ("general.architecture", "llama"),
        ("general.name", "Owl Tiny Example"),
        ("general.license", "other"),
        ("general.license.name", "owl-example-1.0"),
        ("general.license.link", "LICENSE"),
        ("general.base_model.count", 1),
        ("general.base_model.0.name", "Owl Tiny Base"),
        ("general.base_model.0.organization", "Owl Examples"),
        ("general.base_model.0.repo_url", "https://huggingface.co/owl-examples/owl-tiny-base"),
        ("general.tags", ["example", "owl"]),
        ("general.alignment", ALIGNMENT),
    ]
    # Two tensors: F32 4x4 (64 bytes) and F16 8 (16 bytes).
    tensors = [("token_embd.weight", [4, 4], GGML_TYPE_F32, 64),
               ("output_norm.weight", [8], GGML_TYPE_F16, 16)]
    header = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata))
    header += b"".join(gguf_kv(k, v) for k, v in metadata)
    offset = 0
    for name, dims, ggml_type, size in tensors:
        header += gguf_string(name) + struct.pack("<I", len(dims))
        header += b"".join(struct.pack("<Q", d) for d in dims)
        header += struct.pack("<IQ", ggml_type, offset)
        offset += (size + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT
    header += b"\0" * (-len(header) % ALIGNMENT)
    data = b""
    for _, _, _, size in tensors:
        chunk = bytes(range(size))
        data += chunk + b"\0" * (-len(chunk) % ALIGNMENT)
    with open(path, "wb") as out:
        out.write(header + data)


def write_safetensors(path):
    tensors = {
        "model.embed_tokens.weight": ("F32", [4, 4]),
        "model.norm.weight": ("BF16", [8]),
    }
    sizes = {"F32": 4, "BF16": 2}
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        count = 1
        for dim in shape:
            count *= dim
        end = offset + count * sizes[dtype]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, end]}
        offset = end
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)) + encoded + bytes(offset))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "examples", "tiny-release")
    os.makedirs(target, exist_ok=True)
    write_gguf(os.path.join(target, "owl-tiny-example-F32.gguf"))
    write_safetensors(os.path.join(target, "model.safetensors"))


if __name__ == "__main__":
    main()

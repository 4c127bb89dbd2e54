#!/usr/bin/env python3
"""Writes the fixture repos bench/hub.sh serves with tests/hub/fake_hub.py.

ROOT/bench/ holds, as a Hub repo each (README.md with YAML front matter,
config.json, weights):

  sharded-10    ten safetensors shards of SHARD_MIB each (sparse files: a
                real header, then a hole up to the data's end) and
                model.safetensors.index.json, like an 8B model in bf16
  gguf          one Q4_0 GGUF (sparse, 2.7 GB) with a 32,000-token
                vocabulary and 291 tensor infos, like a 7B quantisation
  pytorch-zip   pytorch_model.bin, a PyTorch zip whose data.pkl comes from
                the corpus (candle-test.pt) and whose storage member is
                ZIP_MIB of zeros
  m000..mNNN    COUNT small repos (card, config, two 1 MiB sparse shards)
                for the latency run

Sizes come from the environment (SHARD_MIB=1024 ZIP_MIB=256
COUNT=200). Deterministic. Usage: gen_hub_fixture.py ROOT CORPUS_DIR
"""
import json
import os
import struct
import sys
import zipfile

MIB = 1 << 20


def card(license_id, base=None, title="A benchmark repo"):
    lines = ["---", f"license: {license_id}"]
    if base:
        lines.append(f"base_model: {base}")
    return "\n".join(lines + ["---", "", f"# {title}", "", "Weights for timing owl.", ""])


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)


def sparse_safetensors(path, tensors):
    """A real header naming `tensors` (name, shape) in BF16, then a hole as
    long as their data."""
    header, offset = {}, 0
    for name, shape in tensors:
        size = 2
        for dim in shape:
            size *= dim
        header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(text)) + text)
        handle.truncate(8 + len(text) + offset)


def sharded_repo(root, shard_bytes):
    repo = os.path.join(root, "bench", "sharded-10")
    write(os.path.join(repo, "README.md"), card("llama3.1", "meta-llama/Llama-3.1-8B"))
    write(os.path.join(repo, "config.json"), json.dumps({"model_type": "llama"}))
    weight_map = {}
    layer = 0
    for shard in range(1, 11):
        name = f"model-{shard:05}-of-00010.safetensors"
        # Whole decoder layers (attention and MLP matrices of an 8B model,
        # about 436 MB a layer in bf16) until the shard holds shard_bytes.
        tensors, used = [], 0
        while not tensors or used < shard_bytes:
            for part, shape in (("self_attn.q_proj", [4096, 4096]),
                                ("self_attn.k_proj", [1024, 4096]),
                                ("self_attn.v_proj", [1024, 4096]),
                                ("self_attn.o_proj", [4096, 4096]),
                                ("mlp.gate_proj", [14336, 4096]), ("mlp.up_proj", [14336, 4096]),
                                ("mlp.down_proj", [4096, 14336])):
                tensors.append((f"model.layers.{layer}.{part}.weight", shape))
                used += 2 * shape[0] * shape[1]
            layer += 1
        sparse_safetensors(os.path.join(repo, name), tensors)
        for tensor, _ in tensors:
            weight_map[tensor] = name
    write(os.path.join(repo, "model.safetensors.index.json"),
          json.dumps({"metadata": {}, "weight_map": weight_map}))


def gguf_string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def gguf_repo(root):
    repo = os.path.join(root, "bench", "gguf")
    write(os.path.join(repo, "README.md"), card("apache-2.0", "mistralai/Mistral-7B-v0.1"))
    keys = [("general.architecture", 8, gguf_string("llama")),
            ("general.name", 8, gguf_string("bench")),
            ("general.license", 8, gguf_string("apache-2.0")),
            ("llama.context_length", 4, struct.pack("<I", 32768))]
    tokens = b"".join(gguf_string(f"tok{i}") for i in range(32000))
    keys.append(("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 32000) + tokens))
    scores = struct.pack("<IQ", 6, 32000) + b"\0" * (4 * 32000)
    keys.append(("tokenizer.ggml.scores", 9, scores))
    infos, offset = [], 0
    for index in range(291):
        size = 4096 * 4096 // 32 * 18  # Q4_0: 18 bytes a block of 32 weights
        infos.append(gguf_string(f"blk.{index // 9}.t{index % 9}.weight") +
                     struct.pack("<I", 2) + struct.pack("<QQ", 4096, 4096) +
                     struct.pack("<IQ", 2, offset))  # type 2: Q4_0
        offset += (size + 31) // 32 * 32
    body = b"GGUF" + struct.pack("<IQQ", 3, len(infos), len(keys))
    for key, kind, value in keys:
        body += gguf_string(key) + struct.pack("<I", kind) + value
    body += b"".join(infos)
    body += b"\0" * (-len(body) % 32)
    path = os.path.join(repo, "model-Q4_0.gguf")
    with open(path, "wb") as handle:
        handle.write(body)
        handle.truncate(len(body) + offset)


def pytorch_repo(root, corpus, storage_bytes):
    repo = os.path.join(root, "bench", "pytorch-zip")
    write(os.path.join(repo, "README.md"), card("mit"))
    with zipfile.ZipFile(os.path.join(corpus, "pytorch", "candle-test.pt")) as source:
        pickle_bytes = source.read("test/data.pkl")
    path = os.path.join(repo, "pytorch_model.bin")
    os.makedirs(repo, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", pickle_bytes)
        archive.writestr("archive/version", "3\n")
        with archive.open("archive/data/0", "w", force_zip64=True) as member:
            chunk = b"\0" * MIB
            for _ in range(storage_bytes // MIB):
                member.write(chunk)


def small_repos(root, count):
    for index in range(count):
        repo = os.path.join(root, "bench", f"m{index:03}")
        # Each repo its own card, so its own commit: owl's cache is keyed by
        # commit, and identical repos would share one.
        write(os.path.join(repo, "README.md"), card("apache-2.0", "bench/gguf", f"m{index:03}"))
        write(os.path.join(repo, "config.json"), json.dumps({"model_type": "llama"}))
        for shard in (1, 2):
            sparse_safetensors(os.path.join(repo, f"model-{shard:05}-of-00002.safetensors"),
                               [("w", [512, 1024])])


def main():
    root, corpus = sys.argv[1], sys.argv[2]
    sharded_repo(root, int(os.environ.get("SHARD_MIB", "1024")) * MIB)
    gguf_repo(root)
    pytorch_repo(root, corpus, int(os.environ.get("ZIP_MIB", "256")) * MIB)
    small_repos(root, int(os.environ.get("COUNT", "200")))


if __name__ == "__main__":
    main()

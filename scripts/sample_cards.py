#!/usr/bin/env python3
"""Print the reproducible random sample of 200 model cards labelled in
tests/data/card_labels_random.tsv.

The population is every *.md file in the shared corpus folder
model-cards/hf-readme-2024 (3,424 Hugging Face model cards). File names are
sorted bytewise (as LC_ALL=C sort does) and 200 are drawn with
random.Random(20261205).sample. Names are printed in the order drawn.

usage: scripts/sample_cards.py [CORPUS_DIR]   (default /work/shared/corpus/model-cards/hf-readme-2024)
"""
import os
import random
import sys

SEED = 20261205
SIZE = 200


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/model-cards/hf-readme-2024"
    names = sorted(
        (n for n in os.listdir(folder) if n.endswith(".md")),
        key=lambda n: n.encode("utf-8"),
    )
    for name in random.Random(SEED).sample(names, SIZE):
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

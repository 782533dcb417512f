"""manifest.json: what was built, from which generator and seed, and the SHA-256 of every table."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.json"


@dataclass
class TableEntry:
    """One Parquet file: its SHA-256 and row count."""

    sha256: str
    rows: int


@dataclass
class VariantEntry:
    """One variant of a dataset: its tables and its dataset version hash."""

    tables: dict[str, TableEntry]
    hash: str


@dataclass
class DatasetEntry:
    """One dataset: direct dependencies and its variants."""

    depends_on: list[str]
    variants: dict[int, VariantEntry] = field(default_factory=dict)


@dataclass
class Manifest:
    """The manifest of one profile's build directory."""

    generator_version: str
    root_seed: int
    profile: str
    libraries: dict[str, str] = field(default_factory=dict)
    datasets: dict[str, DatasetEntry] = field(default_factory=dict)

    def dataset_hash(self, dataset_id: str, variant: int) -> str:
        """The dataset version hash of ``dataset_id`` in ``variant`` (what other code records)."""
        try:
            return self.datasets[dataset_id].variants[variant].hash
        except KeyError:
            raise KeyError(f"{dataset_id} variant {variant} is not in the {self.profile} manifest") from None

    def to_json(self) -> str:
        """Stable JSON (sorted keys, no timestamps): rebuilding gives the same bytes."""
        doc = {
            "generator_version": self.generator_version,
            "root_seed": self.root_seed,
            "profile": self.profile,
            "libraries": self.libraries,
            "datasets": {
                did: {
                    "depends_on": entry.depends_on,
                    "variants": {
                        str(v): {
                            "hash": ve.hash,
                            "tables": {
                                t: {"sha256": te.sha256, "rows": te.rows} for t, te in ve.tables.items()
                            },
                        }
                        for v, ve in sorted(entry.variants.items())
                    },
                }
                for did, entry in sorted(self.datasets.items())
            },
        }
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse what ``to_json`` wrote."""
        doc = json.loads(text)
        datasets = {
            did: DatasetEntry(
                list(entry["depends_on"]),
                {
                    int(v): VariantEntry(
                        {t: TableEntry(te["sha256"], int(te["rows"])) for t, te in ve["tables"].items()},
                        ve["hash"],
                    )
                    for v, ve in entry["variants"].items()
                },
            )
            for did, entry in doc["datasets"].items()
        }
        return cls(
            doc["generator_version"],
            int(doc["root_seed"]),
            doc["profile"],
            dict(doc.get("libraries", {})),
            datasets,
        )

    def write(self, root: Path) -> Path:
        """Write ``root/<profile>/manifest.json`` atomically."""
        path = manifest_path(root, self.profile)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        os.replace(tmp, path)
        return path


def manifest_path(root: Path, profile: str) -> Path:
    """Where a profile's manifest lives."""
    return Path(root) / profile / MANIFEST_NAME


def load_manifest(root: Path, profile: str) -> Manifest:
    """Read ``root/<profile>/manifest.json``; FileNotFoundError if that profile was never built."""
    return Manifest.from_json(manifest_path(root, profile).read_text(encoding="utf-8"))


def dataset_hash(table_hashes: dict[str, str], dependency_hashes: dict[str, str]) -> str:
    """SHA-256 over the sorted lines ``table:<name>:<sha256>`` (own tables) and
    ``dataset:<id>:<hash>`` (direct dependencies, whose hashes cover theirs)."""
    lines = sorted(
        [f"table:{t}:{h}" for t, h in table_hashes.items()]
        + [f"dataset:{d}:{h}" for d, h in dependency_hashes.items()]
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()

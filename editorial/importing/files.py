"""Which files a run reads, and the identity that matches each to its entry on later runs.

A file's identity is its path relative to the folder named on the command line ("a/x.txt"
for ``import_seeds seeds`` reading ``seeds/a/x.txt``); a file named on its own is
identified by its name. Folders are read recursively, so two files called "x.txt" in two
subfolders are two documents with two entries. Two files with one identity in one run
(``import_seeds one two``, both holding "x.txt") could only overwrite each other's entry:
both are refused, each naming the other.

Identities used to be base names, and the entries imported before still carry them
(``Entry.source_file``). They are not rewritten by a migration, which cannot know the
folder a file was imported from; a run accepts them instead (``planning.earlier_names``)
and writes the new identity at the file's next change.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SEED_SUFFIX = ".txt"


@dataclass(frozen=True)
class SeedFile:
    """A regular file to import and the identity its entry is matched by."""

    path: Path
    identity: str


@dataclass
class FoundFiles:
    """What the paths of a run hold: files to import, and refusals ("path: reason")."""

    files: list[SeedFile]
    refused: dict[str, str]


def find_seed_files(paths) -> FoundFiles:
    """The seed files of ``paths`` (files, or folders read recursively for ``*.txt``).

    A ``*.txt`` that is not a regular file (a dangling symbolic link, a folder, a FIFO)
    is refused by name, as is every file sharing its identity with another. A path that
    does not exist raises FileNotFoundError. Symbolic links to folders are not followed
    (a link to a parent would make the walk endless), nor hidden folders (".git").
    """
    found = FoundFiles(files=[], refused={})
    for path in map(Path, paths):
        if path.is_dir():
            _walk(path, path, found)
        elif path.is_file():
            found.files.append(SeedFile(path, path.name))
        elif path.is_symlink() or path.exists():
            found.refused[str(path)] = f"{path}: {_not_regular(path)}"
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    _refuse_shared_identities(found)
    return found


def _walk(root: Path, folder: Path, found: FoundFiles) -> None:
    for child in sorted(folder.iterdir()):
        is_seed = child.name.endswith(SEED_SUFFIX)
        if is_seed and child.is_file():
            found.files.append(SeedFile(child, child.relative_to(root).as_posix()))
        elif is_seed:
            found.refused[str(child)] = f"{child}: {_not_regular(child)}"
        elif child.is_dir() and not child.is_symlink() and not child.name.startswith("."):
            _walk(root, child, found)


def _not_regular(path: Path) -> str:
    """Why ``path``, named like a seed file, is none."""
    if path.is_symlink() and not path.exists():
        return "a symbolic link to nothing, not a seed file; skipped"
    if path.is_dir():
        return "a folder named like a seed file, not one; skipped"
    if path.is_fifo():
        return "a named pipe (FIFO), not a seed file; skipped"
    return "not a regular file, so not a seed file; skipped"


def _refuse_shared_identities(found: FoundFiles) -> None:
    """Drop a file named twice (the same file), and refuse every file that shares its
    identity with another file: each would overwrite the other's entry at every run."""
    by_identity: dict[str, list[SeedFile]] = defaultdict(list)
    for seed in found.files:
        same = by_identity[seed.identity]
        if not any(other.path.resolve() == seed.path.resolve() for other in same):
            same.append(seed)
    found.files = []
    for identity, seeds in by_identity.items():
        if len(seeds) == 1:
            found.files.append(seeds[0])
            continue
        for seed in seeds:
            others = " and ".join(str(other.path) for other in seeds if other is not seed)
            found.refused[str(seed.path)] = (
                f"{seed.path}: refused, as {others} is: both are identified as “{identity}” "
                "(the path from the folder named), so each would overwrite the other's "
                "entry; import them from a common folder, or rename one"
            )

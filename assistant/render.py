"""LibreOffice headless rendering: .pptx -> PDF (print) and PNG (preview, first page).

Every call uses its own LibreOffice user profile in a temporary directory, so several
renders can run at once (LibreOffice refuses to share a profile between processes).
A render that takes too long is killed with its whole process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

DEFAULT_TIMEOUT_S = 180.0
DEFAULT_DPI = 110


class RenderError(RuntimeError):
    """Rendering failed; the message says why in English and Japanese."""

    def __init__(self, message: str, message_ja: str) -> None:
        super().__init__(f"{message} / {message_ja}")
        self.message = message
        self.message_ja = message_ja


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(
        "LibreOffice (soffice) is not installed; run scripts/setup.sh",
        "LibreOffice が見つかりません。scripts/setup.sh で入れてください。",
    )


def find_pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if not found:
        raise RenderError(
            "pdftoppm (poppler-utils) is not installed; run scripts/setup.sh",
            "pdftoppm（poppler-utils）が見つかりません。scripts/setup.sh で入れてください。",
        )
    return found


def _run(cmd: Sequence[str], timeout: float, what: str) -> subprocess.CompletedProcess[bytes]:
    """Run cmd in its own process group; kill the whole group on timeout."""
    with subprocess.Popen(
        list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RenderError(
                f"{what} did not finish within {timeout:.0f} s and was stopped",
                f"{what} が {timeout:.0f} 秒以内に終わらなかったため止めました。",
            ) from None
    return subprocess.CompletedProcess(list(cmd), proc.returncode, out, err)


def convert_to_pdf(pptx_files: Sequence[Path], out_dir: Path,
                   timeout: float = DEFAULT_TIMEOUT_S) -> list[Path]:
    """Convert several .pptx files with ONE LibreOffice start; returns the PDFs in order.

    The PDFs are named like the inputs (NAME.pdf) inside out_dir, so inputs need distinct stems.
    timeout is for the whole batch.
    """
    sources = [Path(p).resolve() for p in pptx_files]
    missing = [p for p in sources if not p.is_file()]
    if missing:
        raise RenderError(f"file not found: {missing[0]}",
                          f"ファイルが見つかりません: {missing[0]}")
    stems = [p.stem for p in sources]
    if len(set(stems)) != len(stems):
        raise RenderError("input files need distinct names", "入力ファイル名が重複しています。")
    soffice = find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="flyer-lo-") as profile:
        cmd = [
            soffice, f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", "pdf", "--outdir", str(out_dir.resolve()), *map(str, sources),
        ]
        result = _run(cmd, timeout, "LibreOffice")
    pdfs = [out_dir / f"{stem}.pdf" for stem in stems]
    failed = [p for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    if result.returncode != 0 or failed:
        detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-400:]
        raise RenderError(
            f"LibreOffice could not convert {failed[0] if failed else sources[0].name} "
            f"(exit {result.returncode}): {detail}",
            "LibreOffice で PDF に変換できませんでした。",
        )
    return pdfs


def pdf_to_png(pdf: Path, png: Path, dpi: int = DEFAULT_DPI,
               timeout: float = DEFAULT_TIMEOUT_S) -> Path:
    """First page of pdf as a PNG at dpi."""
    png.parent.mkdir(parents=True, exist_ok=True)
    target_stem = png.with_suffix("")
    cmd = [find_pdftoppm(), "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
           str(pdf), str(target_stem)]
    result = _run(cmd, timeout, "pdftoppm")
    produced = target_stem.with_suffix(".png")
    if result.returncode != 0 or not produced.is_file():
        raise RenderError(
            f"pdftoppm failed on {pdf}: {result.stderr.decode(errors='replace').strip()}",
            "PDF から PNG を作れませんでした。",
        )
    if produced != png:
        produced.replace(png)
    return png


def render_pdf(pptx: Path, pdf: Path, timeout: float = DEFAULT_TIMEOUT_S) -> Path:
    """Render pptx to pdf (any path)."""
    with tempfile.TemporaryDirectory(prefix="flyer-pdf-") as tmp:
        (produced,) = convert_to_pdf([Path(pptx)], Path(tmp), timeout)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return pdf


def render_png(pptx: Path, png: Path, dpi: int = DEFAULT_DPI,
               timeout: float = DEFAULT_TIMEOUT_S) -> Path:
    """Render the first slide of pptx to png at dpi."""
    with tempfile.TemporaryDirectory(prefix="flyer-png-") as tmp:
        (produced,) = convert_to_pdf([Path(pptx)], Path(tmp), timeout)
        return pdf_to_png(produced, png, dpi, timeout)


def render_outputs(pptx: Path, pdf: Path | None, png: Path | None, dpi: int = DEFAULT_DPI,
                   timeout: float = DEFAULT_TIMEOUT_S) -> None:
    """PDF and/or PNG of one file with a single LibreOffice run."""
    if pdf is None and png is None:
        return
    with tempfile.TemporaryDirectory(prefix="flyer-out-") as tmp:
        (produced,) = convert_to_pdf([Path(pptx)], Path(tmp), timeout)
        if png is not None:
            pdf_to_png(produced, png, dpi, timeout)
        if pdf is not None:
            pdf.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(produced), pdf)

"""A small PDF document on fpdf2 with DejaVu Sans (Dutch and Unicode text), shared by every
printable output: a resident's export, an attendance list, a visit report, an area profile."""

from pathlib import Path

from fpdf import FPDF, XPos, YPos

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


class Document:
    def __init__(self, font_dir: Path):
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(18, 18)
        self.pdf.set_auto_page_break(True, margin=18)
        regular = font_dir / FONT_FILES[""]
        self.unicode = regular.exists()
        if self.unicode:
            for style, name in FONT_FILES.items():
                path = font_dir / name
                self.pdf.add_font("DejaVu", style, str(path if path.exists() else regular))
        self.family = "DejaVu" if self.unicode else "Helvetica"
        self.pdf.set_creator("Buurtkompas")
        self.pdf.add_page()
        self.pdf.set_font(self.family, "", 11)

    def clean(self, text) -> str:
        text = str(text)
        if not self.unicode:
            return text.encode("latin-1", "replace").decode("latin-1")
        known = self.pdf.current_font.cmap
        return "".join(c if c == "\n" or ord(c) in known else "?" for c in text)

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.ln(3)
        self.pdf.set_font(self.family, "B", size)
        self.write(text, height=size * 0.6)
        self.pdf.set_font(self.family, "", 11)

    def write(self, text: str, height: float = 6) -> None:
        text = self.clean(text)
        self.pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def field(self, name: str, value) -> None:
        self.write(f"{name}: {value or '-'}" if name else str(value or "-"))

    def output(self) -> bytes:
        return bytes(self.pdf.output())

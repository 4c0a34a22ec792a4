"""The REFI-QDA schemas in tests/data/refi-qda/, loaded for lxml (see its README)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "refi-qda"


def repaired_codebook_xsd(text: str) -> str:
    """The one public copy of ``Codebook.xsd`` is the standard's text as printed in its
    PDF, with what PDF text extraction did to it: U+2010 hyphens for '-' (also in the
    GUID and colour patterns), and the space lost between an element name and its
    first attribute, and between two attributes.  Undone here, nothing else changed."""
    text = text.replace("\u2010", "-")
    text = re.sub(r"<xsd:(element|complexType|simpleType|attribute|restriction|pattern)"
                  r"(name|base|value)=", r"<xsd:\1 \2=", text)
    return re.sub(r'"(?=\w+=")', '" ', text)


@cache
def schema(name: str):
    """``"Codebook"`` or ``"Project"`` as an ``lxml.etree.XMLSchema``."""
    from lxml import etree

    text = (DATA / f"{name}.xsd").read_text(encoding="utf-8")
    if name == "Codebook":
        text = repaired_codebook_xsd(text)
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8")))


def errors(name: str, xml: str | bytes) -> list[str]:
    """What the schema ``name`` finds wrong with ``xml`` (empty when it is valid)."""
    from lxml import etree

    doc = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    s = schema(name)
    return [] if s.validate(doc) else [str(e) for e in s.error_log]

# dom.py: owns turning a page (a report file or Chromium's --dump-dom) into a
# small element tree with Python's html.parser, and the queries the report
# tests make on it.
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []   # Elements and strings, in order

    def text(self):
        """The text content, as a browser's textContent."""
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def iter(self, tag=None):
        """This element and every descendant (with that tag)."""
        if tag is None or self.tag == tag:
            yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter(tag)

    def find(self, tag, **attrs):
        """Descendants with tag whose attributes include attrs (a class
        is matched as one word of the class attribute)."""
        found = []
        for e in self.iter(tag):
            if all(value in e.attrs.get("class", "").split() if key == "cls"
                   else e.attrs.get(key) == value
                   for key, value in attrs.items()):
                found.append(e)
        return found

    def child(self, tag):
        """The first direct child element with tag, or None."""
        return next((c for c in self.children
                     if isinstance(c, Element) and c.tag == tag), None)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.current = self.root
        self.attribute_names = []   # every attribute name seen, lowercase

    def handle_starttag(self, tag, attrs):
        self.attribute_names += [name.lower() for name, _ in attrs]
        e = Element(tag, attrs, self.current)
        self.current.children.append(e)
        if tag not in VOID:
            self.current = e

    def handle_startendtag(self, tag, attrs):
        self.attribute_names += [name.lower() for name, _ in attrs]
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        e = self.current
        while e is not self.root and e.tag != tag:
            e = e.parent
        if e is not self.root:
            self.current = e.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page):
    """(root element, every attribute name seen) of page (a str)."""
    b = _Builder()
    b.feed(page)
    b.close()
    return b.root, b.attribute_names

"""Loketwijzer: the front door to help for people without a home, in a pocket."""

import warnings

# Whoosh 2.7.4 has a few invalid escape sequences; compiling them warns on a fresh
# checkout. The code works; the warnings would only scare people running the tool.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r"whoosh(\..*)?")
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"whoosh(\..*)?")
warnings.filterwarnings("ignore", message=r"invalid escape sequence", category=SyntaxWarning)
warnings.filterwarnings("ignore", message=r"invalid escape sequence", category=DeprecationWarning)
warnings.filterwarnings("ignore", message=r"\"is\" with a literal", category=SyntaxWarning)

__version__ = "0.1.0"

"""The read API under /api/ for other systems (Django REST framework), and the personal
tokens people make for it on a page of their own (/account/tokens/)."""

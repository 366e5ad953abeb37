"""The cited page as an image, with the quoted paragraph highlighted (PDFium through pypdfium2)."""

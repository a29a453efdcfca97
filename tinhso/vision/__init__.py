"""The camera-analysis worker. Its core imports no Django: it talks to the platform
through the `traffic` API, so it can run on a GPU host without the web stack."""

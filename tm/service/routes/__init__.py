"""One module per resource; tm.service.app includes their routers in the order they match."""

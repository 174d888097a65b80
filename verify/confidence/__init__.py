"""The confidence engine: independent origins, likelihood and analytic
confidence (`engine`), its reasons as codes and their words (`reasons`), and
its batch inputs read in one statement (`inputs_sql`)."""

"""`cchc review`: the local web page where an analyst checks the facts of each document."""

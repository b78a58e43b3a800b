"""The website inspection (国办秘函〔2019〕19号, STANDARDS §8): ``rules``
evaluates the content as of a day, ``report`` holds and formats the result,
``links`` checks the built site, ``page`` shows the report to the office."""

"""Requests sent together from threads, each through its own signed-in test client, for the tests
of two people saving the same record at the same moment."""

import threading


def posted_at_once(posts: dict) -> dict:
    """posts: name -> (client, path, data). Starts them together and answers name -> (status,
    page) once every one has finished; a post still running after 30 s fails the test. Data
    None sends a GET (a browser coming back from a sign-in, say)."""
    start, answers = threading.Barrier(len(posts)), {}

    def post(name):
        client, path, data = posts[name]
        start.wait(timeout=10)
        response = client.get(path) if data is None else client.post(path, data=data)
        answers[name] = (response.status_code, response.get_data(as_text=True))

    threads = [threading.Thread(target=post, args=(name,)) for name in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    return answers

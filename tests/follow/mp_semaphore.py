"""A Semaphore(2) shared by three processes: two hold it, one waits.

The parent makes the semaphore and forks three workers (fork start
method); each acquires it and sleeps holding it. Two get in; the third
sleeps in futex(2) on the semaphore's word (its value is 0). The parent
waits for them.
"""
import multiprocessing as mp
import time


def work(sem):
    with sem:
        time.sleep(3600)


if __name__ == "__main__":
    mp.set_start_method("fork")
    sem = mp.Semaphore(2)
    ps = [mp.Process(target=work, args=(sem,)) for _ in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()

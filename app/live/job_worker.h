#pragma once
// The live app's background thread for slow work: saving snapshots and
// consultation sheets, reading and changing client records, decoding
// thumbnails. Jobs run one at a time in the order submitted (two saves never
// race for a file name; a deletion never overtakes a save). A job returns
// what the main thread then does with its result; that goes back through the
// RunQueue, with how long the job took (the status line shows it). Tracy's
// loader thread is the model: the UI posts, never waits.
//
// threads: construct, submit(), costs() and pending() on the main thread;
//          jobs run on the worker's own thread.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/live/run_queue.h"

namespace hairline::app {

struct JobCost {
    std::string name;  // "snapshot", "sheet", "thumbnails"...
    double ms = 0;     // the last run's wall time on the worker
};

class JobWorker {
public:
    // Runs on the worker; returns the main thread's part (may be empty).
    using Job = std::function<std::function<void()>()>;
    // On the main thread when a job threw instead of returning.
    using Failed = std::function<void(const std::string& job, const std::string& what)>;

    JobWorker(RunQueue& main_thread, Failed failed);
    // Finishes every job submitted (a save asked for is never dropped), then
    // joins. Their results are then in the RunQueue: run it before this
    // worker is destroyed (its closures refer to the worker), or drop it.
    void finish();
    ~JobWorker();  // finish()
    JobWorker(const JobWorker&) = delete;
    JobWorker& operator=(const JobWorker&) = delete;

    // After finish() (a result run at teardown may ask for more), the job
    // is never run.
    void submit(std::string name, Job job);
    // Submitted jobs whose results have not yet run on the main thread.
    std::size_t pending() const { return pending_; }
    // Each kind of job's last duration, in the order first seen.
    const std::vector<JobCost>& costs() const { return costs_; }

private:
    struct Queued {
        std::string name;
        Job job;
    };
    void run();
    void done(const std::string& name, double ms);  // main thread

    RunQueue& main_thread_;
    Failed failed_;
    std::size_t pending_ = 0;     // main thread only
    std::vector<JobCost> costs_;  // main thread only

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Queued> queue_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace hairline::app

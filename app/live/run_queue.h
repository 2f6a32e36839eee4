#pragma once
// Closures for the main thread (Tracy's RunQueue): any thread posts; the main
// thread runs them once per frame, in the order posted. The queue is swapped
// out under the lock and run outside it, so a closure may post again (that
// one runs on the next call) and a poster never waits on a closure.
//
// threads: post() from any thread; run() from the main (UI) thread only.

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace hairline::app {

class RunQueue {
public:
    void post(std::function<void()> task);
    // Runs what was posted before this call, in order; returns how many ran.
    std::size_t run();
    bool empty() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::function<void()>> tasks_;
};

}  // namespace hairline::app

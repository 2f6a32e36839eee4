#include "app/live/job_worker.h"

#include <chrono>
#include <exception>
#include <utility>

namespace hairline::app {

JobWorker::JobWorker(RunQueue& main_thread, Failed failed) : main_thread_(main_thread), failed_(std::move(failed)) {
    thread_ = std::thread([this] { run(); });
}

void JobWorker::finish() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

JobWorker::~JobWorker() { finish(); }

void JobWorker::submit(std::string name, Job job) {
    ++pending_;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({std::move(name), std::move(job)});
    }
    wake_.notify_one();
}

void JobWorker::run() {
    for (;;) {
        Queued next;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopped, and every job is done
            next = std::move(queue_.front());
            queue_.pop_front();
        }
        const auto start = std::chrono::steady_clock::now();
        std::function<void()> then;
        std::string error;
        try {
            then = next.job();
        } catch (const std::exception& e) {
            error = e.what();
        } catch (...) {
            error = "unknown error";
        }
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        main_thread_.post([this, name = std::move(next.name), ms, then = std::move(then), error = std::move(error)] {
            done(name, ms);
            if (!error.empty()) {
                if (failed_) failed_(name, error);
            } else if (then) {
                then();
            }
        });
    }
}

void JobWorker::done(const std::string& name, double ms) {
    --pending_;
    for (JobCost& cost : costs_)
        if (cost.name == name) {
            cost.ms = ms;
            return;
        }
    costs_.push_back({name, ms});
}

}  // namespace hairline::app

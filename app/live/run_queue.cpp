#include "app/live/run_queue.h"

#include <utility>

namespace hairline::app {

void RunQueue::post(std::function<void()> task) {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
}

std::size_t RunQueue::run() {
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(mutex_);
        tasks.swap(tasks_);
    }
    for (auto& task : tasks) task();
    return tasks.size();
}

bool RunQueue::empty() const {
    std::lock_guard lock(mutex_);
    return tasks_.empty();
}

}  // namespace hairline::app

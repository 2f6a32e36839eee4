#include "app/live/live_state.h"

namespace hairline::app {

void DesignHistory::commit(const Design& design) {
    states_.resize(index_ + 1);  // a new edit drops the redo branch
    states_.push_back(design);
    index_ = states_.size() - 1;
    constexpr std::size_t kLimit = 200;
    if (states_.size() > kLimit) {
        states_.erase(states_.begin());
        --index_;
    }
}

const Design& DesignHistory::undo() {
    if (index_ > 0) --index_;
    return states_[index_];
}

const Design& DesignHistory::redo() {
    if (index_ + 1 < states_.size()) ++index_;
    return states_[index_];
}

void start_histories(LiveState& state) {
    for (std::size_t i = 0; i < state.designs.size(); ++i) state.histories[i].reset(state.designs[i]);
}

void commit_design(LiveState& state, int index) {
    const auto i = static_cast<std::size_t>(index);
    state.histories[i].commit(state.designs[i]);
}

void undo_design(LiveState& state) {
    if (state.history().can_undo()) state.design() = state.history().undo();
}

void redo_design(LiveState& state) {
    if (state.history().can_redo()) state.design() = state.history().redo();
}

}  // namespace hairline::app

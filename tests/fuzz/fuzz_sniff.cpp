// libFuzzer target: the header sniffer, dimension readers, truncation
// checks and the JPEG coding reader, which see every byte of every input
// file before any decoder does.
// Each parser is run on every input, not only on the kind it was sniffed as.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "engine/io/file_sniff.h"
#include "engine/io/jpeg_coding.h"
#include "engine/io/local_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    const hairline::FileKind sniffed = hairline::sniff_file_kind(bytes.first(std::min(size, hairline::kSniffBytes)));
    (void)hairline::describe(sniffed);
    (void)hairline::is_still_image(sniffed);
    for (const auto kind : {hairline::FileKind::Jpeg, hairline::FileKind::Png, hairline::FileKind::Bmp,
                            hairline::FileKind::Webp, hairline::FileKind::Tiff}) {
        if (const auto dims = hairline::read_image_dims(kind, bytes)) {
            // Sizes come from at most 32-bit fields: never negative.
            if (dims->width < 0 || dims->height < 0) __builtin_trap();
        }
        (void)hairline::find_truncation(kind, bytes);
    }
    if (const auto coding = hairline::read_jpeg_coding(bytes)) {
        if (coding->quality < 1 || coding->quality > 100 || coding->mcu_width < 8 || coding->mcu_width > 32 ||
            coding->orientation < 1 || coding->orientation > 8)
            __builtin_trap();
    }
    (void)hairline::looks_like_url(std::string(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 256)));
    return 0;
}

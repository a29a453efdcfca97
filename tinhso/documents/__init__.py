"""Official documents (văn bản đến – đi): registers, assignment, processing on deadline."""

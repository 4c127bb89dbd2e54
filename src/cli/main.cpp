#include <cstdio>
#include "owl/version.h"
int main() { std::printf("owl %s\n", owl::kVersion); return 0; }

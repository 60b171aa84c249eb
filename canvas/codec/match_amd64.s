//go:build amd64 && !purego

#include "textflag.h"

// func subAbsBlocks(out, a, b []byte) int
//
// For the len(out)/32 whole blocks of 32 bytes: out[i] = a[i] - b[i]
// (mod 256); returns the sum of |int8(out[i])| over them. a and b are at
// least as long as out.
TEXT ·subAbsBlocks(SB), NOSPLIT, $0-80
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	VPXOR Y0, Y0, Y0 // sums, 4 × u64
	VPXOR Y3, Y3, Y3
	SHRQ $5, CX
	JZ   done

loop:
	VMOVDQU (SI), Y1
	VMOVDQU (DX), Y2
	VPSUBB  Y2, Y1, Y1
	VMOVDQU Y1, (DI)
	VPABSB  Y1, Y2
	VPSADBW Y3, Y2, Y2
	VPADDQ  Y2, Y0, Y0
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VEXTRACTI128 $1, Y0, X1
	VPADDQ       X1, X0, X0
	VPSHUFD      $0x4e, X0, X1
	VPADDQ       X1, X0, X0
	VMOVQ        X0, AX
	VZEROUPPER
	MOVQ         AX, ret+72(FP)
	RET

// func matchLenBlocks(a, b []byte, limit int) int
//
// The length of the common prefix of a and b, counted in whole 32-byte
// blocks first and then exactly in the block that differs; it stops at
// the last whole block within limit (the caller finishes the rest).
// len(a) and len(b) are at least limit.
TEXT ·matchLenBlocks(SB), NOSPLIT, $0-64
	MOVQ a_base+0(FP), SI
	MOVQ b_base+24(FP), DI
	MOVQ limit+48(FP), CX
	XORQ AX, AX

loop:
	LEAQ      32(AX), DX
	CMPQ      DX, CX
	JA        end
	VMOVDQU   (SI)(AX*1), Y0
	VPCMPEQB  (DI)(AX*1), Y0, Y0
	VPMOVMSKB Y0, DX
	XORL      $0xffffffff, DX
	JNZ       diff
	ADDQ      $32, AX
	JMP       loop

diff:
	BSFL DX, DX
	ADDQ DX, AX

end:
	VZEROUPPER
	MOVQ AX, ret+56(FP)
	RET

// Per 128-bit lane: the R, G, B bytes of its four pixels to the low 12.
DATA rgbShuf<>+0(SB)/8, $0x0908060504020100
DATA rgbShuf<>+8(SB)/8, $0x808080800e0d0c0a
DATA rgbShuf<>+16(SB)/8, $0x0908060504020100
DATA rgbShuf<>+24(SB)/8, $0x808080800e0d0c0a
GLOBL rgbShuf<>(SB), RODATA|NOPTR, $32

// Dwords 0–2 (lane 0's 12 bytes) then 4–6 (lane 1's).
DATA rgbPerm<>+0(SB)/8, $0x0000000100000000
DATA rgbPerm<>+8(SB)/8, $0x0000000400000002
DATA rgbPerm<>+16(SB)/8, $0x0000000600000005
DATA rgbPerm<>+24(SB)/8, $0x0000000700000007
GLOBL rgbPerm<>(SB), RODATA|NOPTR, $32

// func rgbDiffBlocks(dst, a, b []byte) int
//
// For blocks of 8 RGBA pixels of a and b: the 24 RGB bytes of a - b (per
// byte, mod 256) to dst, while 32 bytes of a and of dst remain (each store
// writes 8 bytes past the block, overwritten by the next). Returns the
// pixels done. b is at least as long as a.
TEXT ·rgbDiffBlocks(SB), NOSPLIT, $0-80
	MOVQ    dst_base+0(FP), DI
	MOVQ    dst_len+8(FP), R8
	MOVQ    a_base+24(FP), SI
	MOVQ    a_len+32(FP), CX
	MOVQ    b_base+48(FP), DX
	VMOVDQU rgbShuf<>(SB), Y3
	VMOVDQU rgbPerm<>(SB), Y4
	XORQ    AX, AX // pixels done
	XORQ    R9, R9 // 4 × AX
	XORQ    R11, R11 // 3 × AX

loop:
	LEAQ     32(R9), R10
	CMPQ     R10, CX
	JA       done
	LEAQ     32(R11), R10
	CMPQ     R10, R8
	JA       done
	VMOVDQU  (SI)(R9*1), Y0
	VPSUBB   (DX)(R9*1), Y0, Y0
	VPSHUFB  Y3, Y0, Y0
	VPERMD   Y0, Y4, Y0
	VMOVDQU  Y0, (DI)(R11*1)
	ADDQ     $8, AX
	ADDQ     $32, R9
	ADDQ     $24, R11
	JMP      loop

done:
	VZEROUPPER
	MOVQ AX, ret+72(FP)
	RET

// func alphaAllFF(p []byte) bool
//
// Whether every fourth byte (alpha of RGBA pixels) of the whole 32-byte
// blocks of p is 0xff.
TEXT ·alphaAllFF(SB), NOSPLIT, $0-25
	MOVQ    p_base+0(FP), SI
	MOVQ    p_len+8(FP), CX
	SHRQ    $5, CX
	VPCMPEQB Y1, Y1, Y1 // all ones
	VMOVDQU  Y1, Y0     // running AND

loopa:
	TESTQ CX, CX
	JZ    checka
	VPAND (SI), Y0, Y0
	ADDQ  $32, SI
	DECQ  CX
	JMP   loopa

checka:
	// alpha bytes must all be 0xff: compare, then take the byte mask.
	VPCMPEQB  Y1, Y0, Y0
	VPMOVMSKB Y0, AX
	ANDL      $0x88888888, AX
	CMPL      AX, $0x88888888
	SETEQ     ret+24(FP)
	VZEROUPPER
	RET

DATA unpremulK<>+0(SB)/4, $0x3b808081 // float32(1.0/255)
DATA unpremulK<>+4(SB)/4, $0x437f0000 // 255.0
DATA unpremulK<>+8(SB)/4, $0x3f800000 // 1.0
GLOBL unpremulK<>(SB), RODATA|NOPTR, $12

// func unpremulBlocks(dst, src []byte) int
//
// Unpremultiplies the whole 8-pixel blocks of the RGBA bytes src into dst
// with the float32 steps of the unpremul table (c·(1/255) · 1/(a·(1/255))
// · 255, rounded half to even, clamped; alpha 255 kept, alpha 0 to 0) and
// returns the pixels done. dst is at least as long as src.
TEXT ·unpremulBlocks(SB), NOSPLIT, $0-56
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	SHRQ         $5, CX
	MOVQ         CX, AX
	SHLQ         $3, AX
	VBROADCASTSS unpremulK<>+0(SB), Y10
	VBROADCASTSS unpremulK<>+4(SB), Y11
	VBROADCASTSS unpremulK<>+8(SB), Y12
	VPCMPEQD     Y13, Y13, Y13
	VPSRLD       $24, Y13, Y13 // 0xff per dword
	VPXOR        Y14, Y14, Y14
	VPSLLD       $24, Y13, Y15 // alpha byte mask
	TESTQ        CX, CX
	JZ           updone

uploop:
	VMOVDQU   (SI), Y0
	VPSRLD    $24, Y0, Y1  // a
	VCVTDQ2PS Y1, Y2
	VMULPS    Y10, Y2, Y2  // a·(1/255)
	VDIVPS    Y2, Y12, Y2  // inv = 1 / that

	VPAND     Y13, Y0, Y3  // R
	VCVTDQ2PS Y3, Y3
	VMULPS    Y10, Y3, Y3
	VMULPS    Y2, Y3, Y3
	VMULPS    Y11, Y3, Y3
	VCVTPS2DQ Y3, Y3
	VPMINSD   Y13, Y3, Y3
	VPMAXSD   Y14, Y3, Y3

	VPSRLD    $8, Y0, Y4   // G
	VPAND     Y13, Y4, Y4
	VCVTDQ2PS Y4, Y4
	VMULPS    Y10, Y4, Y4
	VMULPS    Y2, Y4, Y4
	VMULPS    Y11, Y4, Y4
	VCVTPS2DQ Y4, Y4
	VPMINSD   Y13, Y4, Y4
	VPMAXSD   Y14, Y4, Y4
	VPSLLD    $8, Y4, Y4

	VPSRLD    $16, Y0, Y5  // B
	VPAND     Y13, Y5, Y5
	VCVTDQ2PS Y5, Y5
	VMULPS    Y10, Y5, Y5
	VMULPS    Y2, Y5, Y5
	VMULPS    Y11, Y5, Y5
	VCVTPS2DQ Y5, Y5
	VPMINSD   Y13, Y5, Y5
	VPMAXSD   Y14, Y5, Y5
	VPSLLD    $16, Y5, Y5

	VPOR      Y4, Y3, Y3
	VPOR      Y5, Y3, Y3
	VPAND     Y15, Y0, Y6
	VPOR      Y6, Y3, Y3
	VPCMPEQD  Y13, Y1, Y7  // a == 255: the pixel as it is
	VPBLENDVB Y7, Y0, Y3, Y3
	VPCMPEQD  Y14, Y1, Y8  // a == 0: zero
	VPANDN    Y3, Y8, Y3
	VMOVDQU   Y3, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       uploop

updone:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// func subBlocks(out, a, b []byte) int
//
// out = a - b (per byte) for the whole 32-byte blocks of out; returns the
// bytes done. a and b are at least as long as out.
TEXT ·subBlocks(SB), NOSPLIT, $0-80
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	SHRQ $5, CX
	MOVQ CX, AX
	SHLQ $5, AX
	TESTQ CX, CX
	JZ   sbdone

sbloop:
	VMOVDQU (SI), Y1
	VPSUBB  (DX), Y1, Y1
	VMOVDQU Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     sbloop

sbdone:
	VZEROUPPER
	MOVQ AX, ret+72(FP)
	RET

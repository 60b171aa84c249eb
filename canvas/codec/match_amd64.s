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
